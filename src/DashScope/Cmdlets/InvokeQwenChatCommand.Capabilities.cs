using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Client;
using DashScope.Execution;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Streaming;
using DashScope.Tools;
using DashScope.Transport;

namespace DashScope.Cmdlets
{
    // Web search, tools, deep research, documents and structured output for Invoke-QwenChat.
    // (A plain comment: the class's documentation, which the help is generated from, is in InvokeQwenChatCommand.cs.)
    [OutputType(typeof(QwenResearchRecord), typeof(PSObject))]
    public sealed partial class InvokeQwenChatCommand
    {
        /// <summary>The system message added in JSON mode when no message mentions JSON (the service requires the word).</summary>
        public const string JsonInstruction = "Reply with one valid JSON object (json) and nothing else.";

        private const int ResearchProgressId = 0x5155;

        private readonly Dictionary<string, QwenTool> _toolsByName = new Dictionary<string, QwenTool>(StringComparer.OrdinalIgnoreCase);
        private readonly List<QwenTool> _tools = new List<QwenTool>();
        private readonly List<string> _documentIds = new List<string>();
        private readonly List<string> _uploadedIds = new List<string>();
        private FilesClient? _files;
        private bool _capabilities;
        private bool _documentsSkipped;
        private int _skippedDocuments;
        private bool _runTools;
        private bool _allowEmptyPrompt;
        private bool _showResearchProgress;
        private bool _confirmYesToAll;
        private bool _confirmNoToAll;

        /// <summary>
        /// Lets the model search the web before it answers (enable_search). The pages it used are on the result's
        /// SearchResults (index, title, url, site name, icon), also when streaming; the source list is requested
        /// (enable_source) unless -SearchOptions says otherwise. Any other search parameter turns search on as well.
        /// </summary>
        [Parameter]
        public SwitchParameter EnableSearch { get; set; }

        /// <summary>
        /// Search options sent as given in search_options, for example @{ search_strategy = 'max'; enable_search_extension = $true }.
        /// Keys here override the typed search parameters. Turns search on.
        /// </summary>
        [Parameter]
        public Hashtable? SearchOptions { get; set; }

        /// <summary>Makes the model search even when it thinks it does not need to (forced_search). Turns search on.</summary>
        [Parameter]
        public SwitchParameter ForceSearch { get; set; }

        /// <summary>
        /// How much to search (search_strategy): turbo (fast, the default), max (more sources), agent or another value
        /// the service knows. Turns search on.
        /// </summary>
        [Parameter]
        [ArgumentCompleter(typeof(DashScope.Completion.SearchStrategyCompleter))]
        [ValidateNotNullOrEmpty]
        public string? SearchStrategy { get; set; }

        /// <summary>Puts citation marks such as [ref_1] into the answer (enable_citation); SearchResults says what they point to. Turns search on.</summary>
        [Parameter]
        public SwitchParameter EnableCitation { get; set; }

        /// <summary>The citation mark format (citation_format): '[&lt;number&gt;]' or '[ref_&lt;number&gt;]' (default). Implies -EnableCitation.</summary>
        [Parameter]
        [ValidateSet("[<number>]", "[ref_<number>]")]
        public string? CitationFormat { get; set; }

        /// <summary>Only use pages published within this many days (freshness), e.g. 7, 30, 180 or 365. Turns search on.</summary>
        [Parameter]
        [ValidateRange(1, 3650)]
        public int? SearchFreshness { get; set; }

        /// <summary>Search only these sites (assigned_site_list), e.g. 'learn.microsoft.com'. Turns search on.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? SearchSite { get; set; }

        /// <summary>
        /// Tools the model may call. PowerShell commands (Get-Command output or a command name), script blocks with a
        /// param block, New-QwenTool output, or raw function schemas (a hashtable or JSON text with name, description and
        /// parameters). For commands and script blocks the JSON schema is generated from the parameters: types, enums from
        /// ValidateSet and enum types, ranges, arrays, Mandatory as required, descriptions from HelpMessage or
        /// comment-based help; common parameters are left out. Only these commands can ever run.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public object[]? Tool { get; set; }

        /// <summary>
        /// Whether and which tool the model calls (tool_choice): auto (the model decides), none (no tool), or the name of
        /// one tool, which the model must then call.
        /// </summary>
        [Parameter]
        [ArgumentCompleter(typeof(DashScope.Completion.ToolChoiceCompleter))]
        [ValidateNotNullOrEmpty]
        public string? ToolChoice { get; set; }

        /// <summary>Allows several tool calls in one answer (parallel_tool_calls); -ParallelToolCalls:$false forbids it.</summary>
        [Parameter]
        public SwitchParameter ParallelToolCalls { get; set; }

        /// <summary>
        /// What happens when the model calls a PowerShell tool. Confirm (the default) asks before each call, showing the
        /// command line; Auto runs the calls without asking; None runs nothing and returns the calls in the result's
        /// ToolCalls. Only commands given in -Tool ever run: a call naming anything else is refused and reported back to
        /// the model as an error. The output of each command goes back to the model as a tool message, and the model
        /// answers again, up to -MaximumToolRounds times. -WhatIf shows what would run and runs nothing.
        /// </summary>
        [Parameter]
        public QwenToolInvocation InvokeTool { get; set; } = QwenToolInvocation.Confirm;

        /// <summary>The most rounds of tool calls per prompt (default 8); after that the result is returned with the calls still pending.</summary>
        [Parameter]
        [ValidateRange(1, 100)]
        public int MaximumToolRounds { get; set; } = 8;

        /// <summary>
        /// Documents for qwen-long to read: local paths or FileInfo objects (uploaded first with the files API), QwenFile
        /// objects from Add-QwenFile, or file ids (file-fe-...). They are sent as one fileid:// system message; the model
        /// defaults to qwen-long. Unsupported types fail before anything is uploaded.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public object[]? Document { get; set; }

        /// <summary>Deletes the files that -Document uploaded once the command is done (ids and QwenFile objects you passed are kept).</summary>
        [Parameter]
        public SwitchParameter RemoveDocument { get; set; }

        /// <summary>
        /// The answer format (response_format): JsonObject makes the model answer with one JSON object. The service
        /// requires the word JSON in the messages; when no message mentions it, a short system message asking for JSON is
        /// added (see -Verbose). Text is the normal format.
        /// </summary>
        [Parameter]
        public QwenResponseFormat? ResponseFormat { get; set; }

        /// <summary>
        /// Returns the answer parsed from JSON (as ConvertFrom-Json does: PSCustomObject, arrays, numbers) instead of
        /// the result object; implies -ResponseFormat JsonObject. An answer that is not valid JSON is an error
        /// (DashScope.InvalidJson) whose TargetObject is the result with the raw text.
        /// </summary>
        [Parameter]
        public SwitchParameter AsObject { get; set; }

        private bool Bound(string name) => MyInvocation.BoundParameters.ContainsKey(name);

        private bool SearchRequested =>
            EnableSearch.IsPresent || SearchOptions != null || ForceSearch.IsPresent || SearchStrategy != null || EnableCitation.IsPresent ||
            CitationFormat != null || SearchFreshness.HasValue || SearchSite != null;

        private bool JsonRequested => AsObject.IsPresent || ResponseFormat == QwenResponseFormat.JsonObject;

        /// <summary>Called from BeginProcessing once the connection is resolved.</summary>
        private void BeginCapabilities(ConnectionSettings settings)
        {
            // With -Stream the records themselves show the research going on; a progress bar would also move the
            // cursor under the flowing text and break it into lines.
            _showResearchProgress = IsInteractiveHost() && !Stream.IsPresent;
            _capabilities = SearchRequested || Tool != null || Document != null || JsonRequested || ResponseFormat.HasValue ||
                            Bound(nameof(ToolChoice)) || Bound(nameof(ParallelToolCalls)) || CapabilityParameters.IsDeepResearchModel(Model);
            try
            {
                if (Tool != null)
                {
                    _tools.AddRange(ToolConverter.Convert(this, Tool));
                    foreach (var tool in _tools) _toolsByName[tool.Name] = tool;
                    _runTools = InvokeTool != QwenToolInvocation.None && _tools.Any(t => t.CanRun);
                    foreach (var tool in _tools) WriteVerbose("Tool " + tool.Name + " (" + tool.Source + "): parameters " + string.Join(", ", tool.AllowedParameters));
                }
                if (!string.IsNullOrEmpty(ToolChoice) && ToolChoice != "auto" && ToolChoice != "none" && !_toolsByName.ContainsKey(ToolChoice!))
                    throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                        "-ToolChoice '" + ToolChoice + "' names no tool given in -Tool. Use auto, none or one of: " + string.Join(", ", _toolsByName.Keys) + ".");
                if (Document != null) PrepareDocuments(settings);
            }
            catch (DashScopeException invalid)
            {
                ThrowTerminatingError(ErrorRecords.From(invalid, null));
            }
        }

        /// <summary>Called after the base EndProcessing has written everything.</summary>
        private void EndCapabilities()
        {
            if (!RemoveDocument.IsPresent || _uploadedIds.Count == 0 || _files == null) return;
            foreach (var id in _uploadedIds)
            {
                try
                {
                    Await(_files.DeleteAsync(id, StopToken));
                    WriteVerbose("Removed the uploaded document " + id + ".");
                }
                catch (DashScopeException failure)
                {
                    WriteWarning("Could not remove the uploaded document " + id + ": " + failure.Message);
                }
            }
        }

        /// <summary>A piped result without a new prompt continues when messages are given or its tool calls can be run now.</summary>
        private bool CanContinueWithoutPrompt(QwenChatResult previous) =>
            Messages != null || (_runTools && HasPendingToolCalls(previous));

        private static bool HasPendingToolCalls(QwenChatResult result)
        {
            if (result.ToolCalls.Count == 0 || result.History.Count == 0) return false;
            var last = result.History[result.History.Count - 1];
            return last.Role == "assistant" && last.ToolCalls != null && last.ToolCalls.Count > 0;
        }

        private void PrepareDocuments(ConnectionSettings settings)
        {
            var local = new List<string>();
            foreach (var raw in Document!)
            {
                var item = raw is PSObject wrapped ? wrapped.BaseObject : raw;
                switch (item)
                {
                    case null:
                        continue;
                    case QwenFile file:
                        _documentIds.Add(file.Id);
                        continue;
                    case FileInfo info:
                        local.Add(info.FullName);
                        continue;
                    case string text:
                        var trimmed = text.Trim();
                        if (trimmed.StartsWith("fileid://", StringComparison.OrdinalIgnoreCase))
                        {
                            _documentIds.Add(trimmed.Substring("fileid://".Length));
                            continue;
                        }
                        if (trimmed.StartsWith("file-", StringComparison.Ordinal) && !File.Exists(GetUnresolvedProviderPathFromPSPath(trimmed)))
                        {
                            _documentIds.Add(trimmed);
                            continue;
                        }
                        System.Collections.ObjectModel.Collection<string> paths;
                        try
                        {
                            paths = GetResolvedProviderPathFromPSPath(trimmed, out _);
                        }
                        catch (Exception exception) when (exception is ItemNotFoundException || exception is ProviderNotFoundException || exception is System.Management.Automation.DriveNotFoundException)
                        {
                            throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                                "The document '" + trimmed + "' was not found. Give a path, a FileInfo, a QwenFile or a file id (file-fe-...).", exception);
                        }
                        local.AddRange(paths);
                        continue;
                    default:
                        throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                            "A document must be a path, a FileInfo, a QwenFile or a file id; got " + item.GetType().Name + ".");
                }
            }
            // Check every local file before uploading any.
            foreach (var path in local)
            {
                if (!File.Exists(path)) throw new DashScopeException(DashScopeErrorKind.InvalidInput, "The document '" + path + "' is not a file.");
                FilesClient.EnsureDocument(path);
            }
            if (local.Count == 0) return;
            _files = new FilesClient(CreateClient(settings));
            foreach (var path in local)
            {
                // An upload creates a file on the service: -WhatIf and -Confirm apply to it.
                if (!ShouldProcess(path, "Upload the document to DashScope"))
                {
                    _documentsSkipped = true;
                    _skippedDocuments++;
                    continue;
                }
                var uploaded = Await(_files.UploadAsync(path, FilesClient.DefaultPurpose, StopToken));
                _uploadedIds.Add(uploaded.Id);
                _documentIds.Add(uploaded.Id);
                WriteVerbose("Uploaded " + path + " as " + uploaded.Id + ".");
            }
        }

        /// <summary>Called first by Send: handles the request when a capability (or a piped conversation) is involved.</summary>
        private bool SendWithCapabilities(IList<QwenChatMessage>? history, string? prompt, object? target)
        {
            var previous = target as QwenChatResult;
            if (!_capabilities && previous == null) return false;
            var errorTarget = target ?? prompt;

            ChatRequest request;
            _allowEmptyPrompt = previous != null && string.IsNullOrWhiteSpace(prompt) && CanContinueWithoutPrompt(previous);
            try
            {
                request = BuildRequest(history, _allowEmptyPrompt ? null : prompt);
                ApplyCapabilities(request, previous);
            }
            catch (DashScopeException invalid)
            {
                WriteError(ErrorRecords.From(invalid, errorTarget));
                return true;
            }
            finally
            {
                _allowEmptyPrompt = false;
            }

            if (_runTools)
            {
                var pending = previous != null && string.IsNullOrWhiteSpace(prompt) && Messages == null && HasPendingToolCalls(previous) ? previous : null;
                RunToolLoop(request, prompt, errorTarget, pending);
                return true;
            }

            var options = Snapshot();
            Submit(async (sink, cancellation) =>
            {
                try
                {
                    var result = await RoundAsync(request, options, sink, cancellation).ConfigureAwait(false);
                    result.Prompt = prompt;
                    var shown = Present(result, options, out var error);
                    if (error != null) sink.Error(error);
                    else await sink.WriteAsync(shown!).ConfigureAwait(false);
                }
                catch (DashScopeException failure)
                {
                    if (failure.PartialResult is QwenChatResult partial) partial.Prompt = prompt;
                    sink.Error(ErrorRecords.From(failure, errorTarget));
                }
            });
            return true;
        }

        private void ApplyCapabilities(ChatRequest request, QwenChatResult? previous)
        {
            if (!Bound(nameof(Model)))
            {
                if (previous != null && !string.IsNullOrEmpty(previous.Model)) request.Model = previous.Model;
                else if (_documentIds.Count > 0) request.Model = "qwen-long";
            }

            if (SearchRequested)
            {
                request.EnableSearch = true;
                var options = new Dictionary<string, object?> { ["enable_source"] = true };
                if (Stream.IsPresent || EnableThinking.IsPresent) options["prepend_search_result"] = true;
                if (ForceSearch.IsPresent) options["forced_search"] = true;
                if (SearchStrategy != null) options["search_strategy"] = SearchStrategy;
                if (EnableCitation.IsPresent || CitationFormat != null)
                {
                    options["enable_citation"] = true;
                    options["citation_format"] = CitationFormat ?? "[ref_<number>]";
                }
                if (SearchFreshness.HasValue) options["freshness"] = SearchFreshness.Value;
                if (SearchSite != null) options["assigned_site_list"] = SearchSite.ToList<object?>();
                PlainValue.CopyInto(SearchOptions, options);
                request.SearchOptions = options;
            }

            if (_tools.Count > 0) request.Tools = _tools.ToList<ToolDefinition>();
            if (!string.IsNullOrEmpty(ToolChoice)) request.ToolChoice = ToolChoice;
            if (Bound(nameof(ParallelToolCalls))) request.ParallelToolCalls = ParallelToolCalls.IsPresent;

            if (_documentIds.Count > 0)
            {
                var reference = string.Join(",", _documentIds.Select(id => "fileid://" + id));
                if (!request.Messages.Any(m => m.Role == "system" && m.Content == reference))
                    InsertAfterSystemMessages(request.Messages, new QwenChatMessage("system", reference));
            }

            if (JsonRequested)
            {
                request.ResponseFormat = "json_object";
                var mentioned = request.Messages.Any(m => (m.Content ?? string.Empty).IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0);
                if (!mentioned)
                {
                    InsertAfterSystemMessages(request.Messages, new QwenChatMessage("system", JsonInstruction));
                    WriteVerbose("No message mentions JSON, which JSON mode requires: added the system message \"" + JsonInstruction + "\"");
                }
            }
            else if (ResponseFormat == QwenResponseFormat.Text)
            {
                request.ResponseFormat = "text";
            }
        }

        private static void InsertAfterSystemMessages(IList<QwenChatMessage> messages, QwenChatMessage message)
        {
            var position = 0;
            while (position < messages.Count && messages[position].Role == "system") position++;
            messages.Insert(position, message);
        }

        /// <summary>The parameter values a worker needs, read on the pipeline thread.</summary>
        private RoundOptions Snapshot() => new RoundOptions
        {
            Chat = _chat!,
            WriteRecords = Stream.IsPresent,
            AsObject = AsObject.IsPresent,
            ResearchProgress = _showResearchProgress,
        };

        private sealed class RoundOptions
        {
            public ChatClient Chat { get; set; } = null!;
            public bool WriteRecords { get; set; }
            public bool AsObject { get; set; }
            public bool ResearchProgress { get; set; }
        }

        /// <summary>One request on a worker: streamed records (and deep-research records and progress) go to the sink.</summary>
        private static async Task<QwenChatResult> RoundAsync(ChatRequest request, RoundOptions options, IWorkSink sink, CancellationToken cancellation)
        {
            var research = CapabilityParameters.IsDeepResearchModel(request.Model);
            if (!options.WriteRecords && !research)
            {
                return await options.Chat.CompleteAsync(request, cancellation).ConfigureAwait(false);
            }

            ProgressRecord? progress = null;
            using (var stream = await options.Chat.StreamAsync(request, cancellation).ConfigureAwait(false))
            {
                while (true)
                {
                    var record = await stream.ReadAsync().ConfigureAwait(false);
                    if (record == null) break;
                    var delta = stream.LastChunk?.Research;
                    if (delta == null)
                    {
                        if (options.WriteRecords) await sink.WriteAsync(record).ConfigureAwait(false);
                        continue;
                    }
                    var researchRecord = ToResearchRecord(record, stream.LastChunk!, delta);
                    if (options.ResearchProgress)
                    {
                        if (progress == null) progress = new ProgressRecord(ResearchProgressId, "Deep research (" + request.Model + ")", "Starting");
                        progress.StatusDescription = (researchRecord.Phase ?? "research") + (string.IsNullOrEmpty(researchRecord.Status) ? "" : " / " + researchRecord.Status);
                        progress.CurrentOperation = researchRecord.Activity;
                        await sink.WriteAsync(progress).ConfigureAwait(false);
                    }
                    if (options.WriteRecords && researchRecord.Phase != "KeepAlive") await sink.WriteAsync(researchRecord).ConfigureAwait(false);
                }
                if (progress != null)
                {
                    var done = new ProgressRecord(ResearchProgressId, progress.Activity, "Done") { RecordType = ProgressRecordType.Completed };
                    await sink.WriteAsync(done).ConfigureAwait(false);
                }
                var result = stream.Result;
                result.Streamed = options.WriteRecords;
                return result;
            }
        }

        private static QwenResearchRecord ToResearchRecord(QwenChatStreamRecord record, GenerationChunk chunk, ResearchDelta delta) => new QwenResearchRecord
        {
            Phase = delta.Phase,
            Status = delta.Status,
            Text = record.Text,
            ResearchId = delta.ResearchId,
            ResearchGoal = string.IsNullOrEmpty(delta.ResearchGoal) ? null : delta.ResearchGoal,
            Query = string.IsNullOrEmpty(delta.Query) ? null : delta.Query,
            WebSites = delta.WebSites ?? new List<QwenResearchWebSite>(),
            LearningMap = delta.LearningMap,
            References = delta.References ?? new List<QwenResearchReference>(),
            Usage = chunk.Usage,
            EventId = record.EventId,
            ReceivedAt = record.ReceivedAt,
            RequestId = record.RequestId,
            Model = record.Model,
        };

        /// <summary>What to write for a finished result: the parsed JSON (-AsObject), the result marked as streamed, or the result.</summary>
        private static object? Present(QwenChatResult result, RoundOptions options, out ErrorRecord? error)
        {
            error = null;
            if (options.AsObject)
            {
                try
                {
                    return JsonObjectConverter.Parse(result.Text);
                }
                catch (JsonException exception)
                {
                    var failure = new DashScopeException(DashScopeErrorKind.Protocol,
                        "The model's answer is not valid JSON (" + exception.Message + "). The result with the raw text is the error's TargetObject.", exception);
                    error = new ErrorRecord(failure, "DashScope.InvalidJson", ErrorCategory.InvalidData, result);
                    return null;
                }
            }
            if (!result.Streamed) return result;
            var shown = new PSObject(result);
            shown.TypeNames.Insert(0, StreamedResultTypeName);
            return shown;
        }

        /// <summary>
        /// The tool-call loop, on the pipeline thread: each request runs on a worker (its stream written live), the
        /// tool calls run here, their output goes back as tool messages, until the model answers without tool calls.
        /// </summary>
        private void RunToolLoop(ChatRequest request, string? prompt, object? errorTarget, QwenChatResult? pending)
        {
            var options = Snapshot();
            var runs = new List<QwenToolRun>();
            var result = pending;
            var round = 0;
            while (true)
            {
                if (result == null)
                {
                    QwenChatResult? received = null;
                    var current = request;
                    SubmitAndWait(async (sink, cancellation) =>
                    {
                        try
                        {
                            received = await RoundAsync(current, options, sink, cancellation).ConfigureAwait(false);
                        }
                        catch (DashScopeException failure)
                        {
                            if (failure.PartialResult is QwenChatResult partial) partial.Prompt = prompt;
                            sink.Error(ErrorRecords.From(failure, errorTarget));
                        }
                    });
                    if (received == null) return;
                    result = received;
                }

                if (result.ToolCalls.Count == 0 || !HasPendingToolCalls(result))
                {
                    Finish(result, runs, prompt, options);
                    return;
                }
                if (round >= MaximumToolRounds)
                {
                    WriteWarning("The model still asks for tools after " + MaximumToolRounds + " rounds (-MaximumToolRounds); returning its pending calls.");
                    Finish(result, runs, prompt, options);
                    return;
                }
                round++;
                var toolMessages = RunToolCalls(result, round, runs, errorTarget);
                if (toolMessages == null)
                {
                    Finish(result, runs, prompt, options);
                    return;
                }
                var messages = new List<QwenChatMessage>(result.History);
                messages.AddRange(toolMessages);
                request.Messages = messages;
                result = null;
            }
        }

        private void Finish(QwenChatResult result, List<QwenToolRun> runs, string? prompt, RoundOptions options)
        {
            result.ToolRuns = runs;
            result.Prompt = prompt;
            var shown = Present(result, options, out var error);
            if (error != null) WriteError(error);
            else WriteObject(shown);
        }

        /// <summary>Runs (or refuses, or asks about) each call of one answer; null stops the loop and returns the result.</summary>
        private List<QwenChatMessage>? RunToolCalls(QwenChatResult result, int round, List<QwenToolRun> runs, object? errorTarget)
        {
            var schemaOnly = result.ToolCalls.Where(call => call.Name != null && _toolsByName.TryGetValue(call.Name, out var tool) && !tool.CanRun).Select(call => call.Name).ToList();
            if (schemaOnly.Count > 0)
            {
                WriteVerbose("The model called " + string.Join(", ", schemaOnly) + ", given as schema only: returning the calls for you to answer (pipe the result back with -Messages @{ role = 'tool'; tool_call_id = ...; content = ... }).");
                return null;
            }

            var messages = new List<QwenChatMessage>();
            var whatIf = false;
            foreach (var call in result.ToolCalls)
            {
                var run = new QwenToolRun { Round = round, CallId = call.Id, Name = call.Name, Arguments = call.Arguments };
                runs.Add(run);
                if (call.Name == null || !_toolsByName.TryGetValue(call.Name, out var tool))
                {
                    run.Status = "Refused";
                    run.Output = "Error: there is no tool named '" + call.Name + "'. Only these tools exist: " + string.Join(", ", _toolsByName.Keys) + ".";
                    WriteWarning("The model called '" + call.Name + "', which is not one of the tools given in -Tool; the call was refused.");
                }
                else
                {
                    var arguments = ToolArguments.Bind(tool, call.Arguments, out var invalid);
                    if (arguments == null)
                    {
                        run.Status = "Failed";
                        run.CommandLine = (tool.Command?.Name ?? tool.Name) + " " + call.Arguments;
                        run.Output = "Error: " + invalid;
                        WriteVerbose("Tool call " + call.Name + " rejected: " + invalid);
                    }
                    else
                    {
                        run.CommandLine = ToolArguments.CommandLine(tool.Command?.Name ?? tool.Name, arguments);
                        var decision = Decide(tool, run);
                        if (decision == null) return null; // could not ask
                        if (decision == "WhatIf")
                        {
                            run.Status = "WhatIf";
                            whatIf = true;
                            continue;
                        }
                        if (decision == "Declined")
                        {
                            run.Status = "Declined";
                            run.Output = "The user declined to run " + run.CommandLine + ". Do not call it again; answer without it or ask the user.";
                        }
                        else
                        {
                            Invoke(tool, arguments, run);
                        }
                    }
                }
                messages.Add(new QwenChatMessage("tool", run.Output) { ToolCallId = call.Id });
            }
            return whatIf ? null : messages;
        }

        /// <summary>"Run", "Declined", "WhatIf", or null when Confirm cannot ask this host (an error is written).</summary>
        private string? Decide(QwenTool tool, QwenToolRun run)
        {
            var description = "Run the tool '" + tool.Name + "': " + run.CommandLine;
            if (!ShouldProcess(description, "Run " + run.CommandLine + "?", "Run tool " + tool.Name, out var reason))
                return reason == ShouldProcessReason.WhatIf ? "WhatIf" : "Declined";
            if (InvokeTool != QwenToolInvocation.Confirm) return "Run";
            if (_confirmYesToAll) return "Run";
            if (_confirmNoToAll) return "Declined";
            try
            {
                // A command the model chose runs only on an explicit yes: No is the default answer.
                if (Host.Name == "ConsoleHost" && Console.IsInputRedirected)
                    throw new PSInvalidOperationException("standard input is redirected, so nobody can answer");
                var query = "The model wants to run:\n    " + run.CommandLine + "\n(tool " + tool.Name + ", " + tool.Source + ")";
                var choices = new System.Collections.ObjectModel.Collection<System.Management.Automation.Host.ChoiceDescription>
                {
                    new System.Management.Automation.Host.ChoiceDescription("&Yes", "Run this command."),
                    new System.Management.Automation.Host.ChoiceDescription("Yes to &All", "Run this and every later tool call of this command."),
                    new System.Management.Automation.Host.ChoiceDescription("&No", "Do not run it; the model is told it was declined."),
                    new System.Management.Automation.Host.ChoiceDescription("No to A&ll", "Run none of the tool calls of this command."),
                };
                switch (Host.UI.PromptForChoice("Run tool " + tool.Name + "?", query, choices, 2))
                {
                    case 0: return "Run";
                    case 1: _confirmYesToAll = true; return "Run";
                    case 3: _confirmNoToAll = true; return "Declined";
                    default: return "Declined";
                }
            }
            catch (Exception exception) when (exception is PSInvalidOperationException || exception is HostException || exception is NotImplementedException ||
                                              exception is PSNotImplementedException || exception is NullReferenceException || exception is InvalidOperationException)
            {
                // (A console host whose input has ended throws NullReferenceException from its prompt.)
                var failure = new DashScopeException(DashScopeErrorKind.InvalidInput,
                    "-InvokeTool Confirm must ask before running " + run.CommandLine + ", but this host cannot ask (" + exception.Message +
                    "). Use -InvokeTool Auto to run tools without asking, or None to get the calls back.", exception);
                WriteError(new ErrorRecord(failure, "DashScope.ToolConfirmationUnavailable", ErrorCategory.InvalidOperation, run));
                return null;
            }
        }

        /// <summary>Runs the tool's command on the pipeline thread; output and errors become the tool message.</summary>
        private void Invoke(QwenTool tool, Hashtable arguments, QwenToolRun run)
        {
            WriteVerbose("Running tool " + tool.Name + ": " + run.CommandLine);
            var watch = Stopwatch.StartNew();
            var objects = new List<object?>();
            var errors = new List<string>();
            try
            {
                var script = InvokeCommand.NewScriptBlock("param($__qwenTool, $__qwenArguments) & $__qwenTool @__qwenArguments 2>&1");
                var target = (object?)tool.Command ?? tool.ScriptBlock;
                foreach (var item in InvokeCommand.InvokeScript(true, script, null, target, arguments))
                {
                    var value = item?.BaseObject;
                    if (value is ErrorRecord record) errors.Add(record.ToString());
                    else if (item != null) objects.Add(item);
                }
                run.Status = errors.Count > 0 && objects.Count == 0 ? "Failed" : "Ran";
            }
            catch (PipelineStoppedException)
            {
                throw;
            }
            catch (Exception exception)
            {
                var message = exception is RuntimeException runtime && runtime.ErrorRecord != null ? runtime.ErrorRecord.ToString() : exception.Message;
                errors.Add(message);
                run.Status = "Failed";
            }
            run.Duration = watch.Elapsed;
            run.Objects = objects;
            run.Output = ToolOutputFormatter.Format(objects, errors);
            if (run.Status == "Failed") WriteVerbose("Tool " + tool.Name + " failed: " + string.Join("; ", errors));
        }
    }

    /// <summary>The answer format asked of the model (-ResponseFormat).</summary>
    public enum QwenResponseFormat
    {
        /// <summary>Normal text.</summary>
        Text,
        /// <summary>One JSON object (response_format json_object).</summary>
        JsonObject,
    }
}
