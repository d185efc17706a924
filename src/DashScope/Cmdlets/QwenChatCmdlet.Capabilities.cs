using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using DashScope.Client;
using DashScope.Models;
using DashScope.Tools;
using DashScope.Transport;

namespace DashScope.Cmdlets
{
    // Web search, tools and documents: the parameters Invoke-QwenChat and Enter-QwenChat share.
    public abstract partial class QwenChatCmdlet
    {
        private readonly Dictionary<string, QwenTool> _toolsByName = new Dictionary<string, QwenTool>(StringComparer.OrdinalIgnoreCase);
        private protected readonly List<QwenTool> _tools = new List<QwenTool>();
        private protected readonly List<string> _documentIds = new List<string>();

        /// <summary>Documents given by URL: read by qwen-doc-turbo from the web, sent as a doc_url part of the question.</summary>
        private protected readonly List<string> _documentUrls = new List<string>();
        private readonly List<string> _uploadedIds = new List<string>();
        private FilesClient? _files;
        private protected PowerShellToolHost? _toolHost;
        private protected bool _documentsSkipped;
        private protected int _skippedDocuments;
        private protected bool _runTools;

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
        /// Documents for the model to read. http(s) URLs go to qwen-doc-turbo (the default model then), which reads them
        /// from the web (a doc_url part of the question). Everything else goes to qwen-long: local paths or FileInfo
        /// objects (uploaded first with the files API), QwenFile
        /// objects from Add-QwenFile, or file ids (file-fe-...). They are sent as one fileid:// system message; the model
        /// defaults to qwen-long. Unsupported types fail before anything is uploaded.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public object[]? Document { get; set; }

        /// <summary>Deletes the files that -Document uploaded once the command is done (ids and QwenFile objects you passed are kept).</summary>
        [Parameter]
        public SwitchParameter RemoveDocument { get; set; }

        private protected bool Bound(string name) => MyInvocation.BoundParameters.ContainsKey(name);

        private protected bool SearchRequested =>
            EnableSearch.IsPresent || SearchOptions != null || ForceSearch.IsPresent || SearchStrategy != null || EnableCitation.IsPresent ||
            CitationFormat != null || SearchFreshness.HasValue || SearchSite != null;

        /// <summary>Once the connection is resolved: the tools, and the documents uploaded before any prompt is sent.</summary>
        protected override void OnSettingsResolved(ConnectionSettings settings)
        {
            base.OnSettingsResolved(settings);
            try
            {
                if (Tool != null)
                {
                    _tools.AddRange(ToolConverter.Convert(this, Tool));
                    foreach (var tool in _tools) _toolsByName[tool.Name] = tool;
                    _runTools = InvokeTool != QwenToolInvocation.None && _tools.Any(t => t.CanRun);
                    _toolHost = new PowerShellToolHost(this, InvokeTool);
                    foreach (var tool in _tools) WriteVerbose("Tool " + tool.Name + " (" + tool.Source + "): parameters " + string.Join(", ", tool.AllowedParameters));
                }
                if (!string.IsNullOrEmpty(ToolChoice) && ToolChoice != "auto" && ToolChoice != "none" && !_toolsByName.ContainsKey(ToolChoice!))
                    throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                        "-ToolChoice '" + ToolChoice + "' names no tool given in -Tool. Use auto, none or one of: " + string.Join(", ", _toolsByName.Keys) + ".");
                if (Document != null) PrepareDocuments();
            }
            catch (DashScopeException invalid)
            {
                ThrowTerminatingError(ErrorRecords.From(invalid, null));
            }
        }

        /// <summary>False where documents by URL (sent in each question's message) cannot be used: they are refused, not dropped.</summary>
        private protected virtual bool TakesDocumentUrls => true;

        /// <summary>The files client of this invocation (document uploads).</summary>
        private protected FilesClient Files => _files ?? (_files = new FilesClient(Client));

        /// <summary>Remembers a document this command uploaded, for -RemoveDocument.</summary>
        private protected void TrackUpload(string fileId) => _uploadedIds.Add(fileId);

        /// <summary>After everything is written: -RemoveDocument deletes what -Document uploaded.</summary>
        private protected void RemoveUploadedDocuments()
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

        private void PrepareDocuments()
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
                        if (trimmed.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                        {
                            if (!TakesDocumentUrls)
                                throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                                    MyInvocation.MyCommand.Name + " reads documents from files or file ids (qwen-long), not from a URL (" + trimmed +
                                    "): download it and give the file, or ask about it with Invoke-QwenChat -Document.");
                            _documentUrls.Add(trimmed);
                            continue;
                        }
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
            foreach (var path in local)
            {
                // An upload creates a file on the service: -WhatIf and -Confirm apply to it.
                if (!ShouldProcess(path, "Upload the document to DashScope"))
                {
                    _documentsSkipped = true;
                    _skippedDocuments++;
                    continue;
                }
                var uploaded = Await(Files.UploadAsync(path, FilesClient.DefaultPurpose, StopToken));
                _uploadedIds.Add(uploaded.Id);
                _documentIds.Add(uploaded.Id);
                WriteVerbose("Uploaded " + path + " as " + uploaded.Id + ".");
            }
        }

        /// <summary>search_options from the typed search parameters; -SearchOptions wins over them.</summary>
        private Dictionary<string, object?> BuildSearchOptions(bool streamed)
        {
            var options = new Dictionary<string, object?> { ["enable_source"] = true };
            if (streamed) options["prepend_search_result"] = true;
            if (ForceSearch.IsPresent) options["forced_search"] = true;
            if (SearchStrategy != null) options["search_strategy"] = SearchStrategy;
            if (EnableCitation.IsPresent || CitationFormat != null)
            {
                options["enable_citation"] = true;
                options["citation_format"] = CitationFormat ?? "[ref_<number>]";
            }
            if (SearchFreshness.HasValue) options["freshness"] = SearchFreshness.Value;
            if (SearchSite != null) options["assigned_site_list"] = SearchSite.ToList<object?>();
            PowerShellValue.CopyInto(SearchOptions, options);
            return options;
        }
    }
}
