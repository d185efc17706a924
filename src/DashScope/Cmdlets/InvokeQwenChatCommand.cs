using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Client;
using DashScope.Completion;
using DashScope.Execution;
using DashScope.Models;
using DashScope.Requests;

namespace DashScope.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Sends a prompt to a Qwen model and returns the answer, streamed or whole.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "QwenChat", DefaultParameterSetName = PromptSet)]
    [OutputType(typeof(QwenChatResult), typeof(QwenChatStreamRecord))]
    public sealed class InvokeQwenChatCommand : QwenRequestCmdlet
    {
        private const string PromptSet = "Prompt";
        private const string MessagesSet = "Messages";

        /// <summary>Type name given to the final result of a stream, whose text the console has already shown.</summary>
        public const string StreamedResultTypeName = "DashScope.Models.QwenChatResult#Streamed";

        private readonly List<object> _pipedContext = new List<object>();
        private ChatClient? _chat;
        private bool _promptFromCommandLine;

        /// <summary>The message to send. With piped text, the prompt comes first and the piped text after it.</summary>
        [Parameter(Position = 0, ParameterSetName = PromptSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(Position = 0, ParameterSetName = MessagesSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Question", "Content")]
        [AllowEmptyString]
        public string? Prompt { get; set; }

        /// <summary>
        /// Pipeline input: a previous result (continues its conversation), or text/objects. Without -Prompt each
        /// piped string is its own prompt; with -Prompt all piped input is added to that one prompt.
        /// </summary>
        [Parameter(ValueFromPipeline = true, ParameterSetName = PromptSet)]
        [Parameter(ValueFromPipeline = true, ParameterSetName = MessagesSet)]
        [AllowNull]
        [AllowEmptyString]
        public object? InputObject { get; set; }

        /// <summary>A whole conversation to send: QwenChatMessage objects or hashtables with role and content.</summary>
        [Parameter(Mandatory = true, ParameterSetName = MessagesSet)]
        [ValidateNotNullOrEmpty]
        public object[]? Messages { get; set; }

        /// <summary>Instructions placed before the conversation as a system message.</summary>
        [Parameter]
        public string? SystemPrompt { get; set; }

        /// <summary>The model; tab completion suggests names, any name is accepted.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ChatModelCompleter))]
        [ValidateNotNullOrEmpty]
        public string Model { get; set; } = ChatRequest.DefaultModel;

        /// <summary>Sampling temperature, 0 to below 2; higher is more varied.</summary>
        [Parameter]
        [ValidateRange(0.0, 1.999)]
        public double? Temperature { get; set; }

        /// <summary>Nucleus sampling threshold, above 0 up to 1.</summary>
        [Parameter]
        [ValidateRange(0.0001, 1.0)]
        public double? TopP { get; set; }

        /// <summary>Sample only among the K most likely tokens.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? TopK { get; set; }

        /// <summary>Random seed, for repeatable answers.</summary>
        [Parameter]
        [ValidateRange(0L, long.MaxValue)]
        public long? Seed { get; set; }

        /// <summary>Upper limit of tokens in the answer (max_tokens).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? MaxTokens { get; set; }

        /// <summary>Strings at which the model stops writing.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Stop { get; set; }

        /// <summary>Penalty for repeating tokens; 1.0 means none.</summary>
        [Parameter]
        [ValidateRange(0.0001, double.MaxValue)]
        public double? RepetitionPenalty { get; set; }

        /// <summary>Penalty (-2 to 2) for tokens already present; higher favours new topics.</summary>
        [Parameter]
        [ValidateRange(-2.0, 2.0)]
        public double? PresencePenalty { get; set; }

        /// <summary>Let a hybrid thinking model reason first; the reasoning is returned apart from the answer.</summary>
        [Parameter]
        public SwitchParameter EnableThinking { get; set; }

        /// <summary>Most tokens the model may spend on reasoning (with -EnableThinking).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? ThinkingBudget { get; set; }

        /// <summary>
        /// Extra request parameters not modelled as cmdlet parameters, sent as given,
        /// e.g. @{ enable_search = $true; n = 2 }.
        /// </summary>
        [Parameter]
        [Alias("Parameters")]
        public Hashtable? AdditionalParameters { get; set; }

        /// <summary>Write one record per event as it arrives, then the full result.</summary>
        [Parameter]
        public SwitchParameter Stream { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _promptFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(Prompt));
            if (ThinkingBudget.HasValue && !EnableThinking.IsPresent)
            {
                WriteWarning("-ThinkingBudget has no effect without -EnableThinking.");
            }
            if (_promptFromCommandLine && string.IsNullOrWhiteSpace(Prompt) && !MyInvocation.ExpectingInput && ParameterSetName == PromptSet)
            {
                ThrowTerminatingError(ErrorRecords.InvalidInput(
                    "The prompt is empty. Give the question as the first argument, e.g. Invoke-QwenChat 'What is PowerShell?'.",
                    "EmptyPrompt", Prompt));
            }
            var settings = ResolveSettings();
            _chat = new ChatClient(CreateClient(settings));
        }

        protected override void ProcessRecord()
        {
            var input = InputObject is PSObject wrapped ? wrapped.BaseObject : InputObject;

            if (input is QwenChatResult previous)
            {
                // Continue the piped conversation with -Prompt as the next user message.
                if (string.IsNullOrWhiteSpace(Prompt))
                {
                    WriteError(ErrorRecords.InvalidInput(
                        "A previous result was piped in but no new message was given. Add the next message: $result | Invoke-QwenChat 'and then?'.",
                        "EmptyPrompt", previous));
                    return;
                }
                Send(previous.History, Prompt!, previous);
                return;
            }

            if (input != null && !(input is string text && text.Length == 0 && !_promptFromCommandLine))
            {
                if (_promptFromCommandLine || ParameterSetName == MessagesSet)
                {
                    // git status | Invoke-QwenChat 'write a commit message': gather everything, send once at the end.
                    _pipedContext.Add(input);
                    return;
                }
                var itemPrompt = input as string ?? (MyInvocation.BoundParameters.ContainsKey(nameof(Prompt)) ? Prompt : LanguagePrimitives.ConvertTo<string>(input));
                Send(null, itemPrompt ?? string.Empty, input);
                return;
            }

            if (!MyInvocation.ExpectingInput)
            {
                Send(null, Prompt, null);
            }
        }

        protected override void EndProcessing()
        {
            if (_pipedContext.Count > 0)
            {
                var context = FormatPipedInput(_pipedContext);
                var prompt = string.IsNullOrWhiteSpace(Prompt) ? context : Prompt + "\n\n" + context;
                Send(null, prompt, null);
            }
            base.EndProcessing();
        }

        private void Send(IList<QwenChatMessage>? history, string? prompt, object? target)
        {
            ChatRequest request;
            try
            {
                request = BuildRequest(history, prompt);
            }
            catch (DashScopeException invalid)
            {
                WriteError(ErrorRecords.From(invalid, target ?? prompt));
                return;
            }

            var chat = _chat!;
            var stream = Stream.IsPresent;
            var errorTarget = target ?? prompt;
            Submit(async (sink, cancellation) =>
            {
                try
                {
                    if (stream)
                    {
                        await SendStreamingAsync(chat, request, prompt, sink, cancellation).ConfigureAwait(false);
                    }
                    else
                    {
                        var result = await chat.CompleteAsync(request, cancellation).ConfigureAwait(false);
                        result.Prompt = prompt;
                        await sink.WriteAsync(result).ConfigureAwait(false);
                    }
                }
                catch (DashScopeException failure)
                {
                    if (failure.PartialResult is QwenChatResult partial) partial.Prompt = prompt;
                    sink.Error(ErrorRecords.From(failure, errorTarget));
                }
            });
        }

        private static async Task SendStreamingAsync(ChatClient chat, ChatRequest request, string? prompt, IWorkSink sink, CancellationToken cancellation)
        {
            using (var stream = await chat.StreamAsync(request, cancellation).ConfigureAwait(false))
            {
                while (true)
                {
                    var record = await stream.ReadAsync().ConfigureAwait(false);
                    if (record == null) break;
                    await sink.WriteAsync(record).ConfigureAwait(false);
                }
                var result = stream.Result;
                result.Prompt = prompt;
                var shown = new PSObject(result);
                shown.TypeNames.Insert(0, StreamedResultTypeName);
                await sink.WriteAsync(shown).ConfigureAwait(false);
            }
        }

        private ChatRequest BuildRequest(IList<QwenChatMessage>? history, string? prompt)
        {
            var messages = new List<QwenChatMessage>();
            if (!string.IsNullOrEmpty(SystemPrompt)) messages.Add(new QwenChatMessage("system", SystemPrompt));
            if (history != null)
            {
                foreach (var message in history)
                {
                    // A new -SystemPrompt replaces the old one.
                    if (!string.IsNullOrEmpty(SystemPrompt) && message.Role == "system") continue;
                    messages.Add(message);
                }
            }
            if (Messages != null)
            {
                foreach (var item in Messages) messages.Add(MessageConverter.From(item));
            }
            if (!string.IsNullOrWhiteSpace(prompt))
            {
                messages.Add(new QwenChatMessage("user", prompt));
            }
            else if (Messages == null)
            {
                throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                    "The prompt is empty. Give the question as the first argument, e.g. Invoke-QwenChat 'What is PowerShell?'.");
            }

            var request = new ChatRequest
            {
                Model = Model,
                Messages = messages,
                Temperature = Temperature,
                TopP = TopP,
                TopK = TopK,
                Seed = Seed,
                MaxTokens = MaxTokens,
                Stop = Stop,
                RepetitionPenalty = RepetitionPenalty,
                PresencePenalty = PresencePenalty,
                EnableThinking = EnableThinking.IsPresent ? true : (bool?)null,
                ThinkingBudget = ThinkingBudget,
                Stream = Stream.IsPresent,
            };
            if (AdditionalParameters != null)
            {
                foreach (DictionaryEntry entry in AdditionalParameters)
                {
                    request.AdditionalParameters[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = PlainValue.From(entry.Value);
                }
            }
            return request;
        }

        /// <summary>Strings are joined as lines; other objects are formatted as the console would show them.</summary>
        private string FormatPipedInput(List<object> items)
        {
            var allText = true;
            foreach (var item in items)
            {
                if (!(item is string)) { allText = false; break; }
            }
            if (allText)
            {
                var joined = new StringBuilder();
                foreach (var item in items)
                {
                    if (joined.Length > 0) joined.Append('\n');
                    joined.Append((string)item);
                }
                return joined.ToString();
            }
            var formatted = InvokeCommand.InvokeScript("$input | Out-String -Width 4096", false, System.Management.Automation.Runspaces.PipelineResultTypes.None, items);
            var text = new StringBuilder();
            foreach (var piece in formatted) text.Append(piece);
            return text.ToString().Trim();
        }
    }
}
