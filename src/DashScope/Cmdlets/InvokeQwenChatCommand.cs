using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text;
using DashScope.Catalog;
using DashScope.Completion;
using DashScope.Execution;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Tools;
using System.Linq;

namespace DashScope.Cmdlets
{
    /// <summary>Sends a prompt to a Qwen model and returns the answer, streamed or whole.</summary>
    /// <remarks>
    /// <para>
    /// Invoke-QwenChat sends a chat request to a Qwen model through the DashScope API of Alibaba Cloud Model Studio and
    /// writes a QwenChatResult: the answer in Text, the reasoning of thinking models in Reasoning, FinishReason (stop,
    /// length or tool_calls), token Usage, RequestId, Model, Duration, the prompt it answers in Prompt, and the whole
    /// conversation in History. The default model is qwen-plus; -Model accepts any name the service knows. At the
    /// console a result shows its text and a footer line with the model, finish reason, tokens, duration and request
    /// id.
    /// </para>
    /// <para>
    /// PROMPT AND PIPELINE. The prompt is the first argument (-Prompt) or comes from the pipeline. Without a prompt on
    /// the command line, each piped string is its own prompt and gets its own call and result (empty strings are
    /// skipped); piped objects with a Prompt, Question or Content property, such as rows from Import-Csv, are bound by
    /// property name, so each one is a prompt too. With a prompt on the command line (the first argument or -Prompt),
    /// all piped input is gathered and sent once, after the prompt and a blank line: strings are joined as lines, other
    /// objects are formatted as the console would show them. So Get-Content app.log | Invoke-QwenChat 'Summarise the
    /// errors' makes one call. When nothing is piped at all (an empty file, a command without output), nothing is sent.
    /// </para>
    /// <para>
    /// CONVERSATIONS. A piped QwenChatResult continues its conversation: its History is sent with the prompt as the
    /// next user message, and the new result's History holds the longer conversation. -Messages sends a conversation
    /// you build yourself (hashtables with role and content, or QwenChatMessage objects); a prompt given as well is
    /// added as the last user message. -SystemPrompt adds a system message first, or replaces the one of a continued
    /// conversation.
    /// </para>
    /// <para>
    /// STREAMING. With -Stream the answer is written while it arrives: one QwenChatStreamRecord per server event (its
    /// Text holds only the new piece), then the final QwenChatResult with the whole text, whose type name ends in
    /// #Streamed. At an interactive console the records show as flowing prose followed by the footer line; redirected,
    /// each record is a line. Select-Object -First N and Ctrl+C close the connection at once. -EnableThinking makes a
    /// hybrid thinking model reason before it answers, kept apart in Reasoning; the service allows thinking only in
    /// streamed calls, so without -Stream the cmdlet streams internally and writes just the final result.
    /// </para>
    /// <para>
    /// MANY PROMPTS AT ONCE. Each piped prompt (or piped result) is its own request; -ThrottleLimit N sends up to N of
    /// them at once (default 1, one after another). Output keeps the input order, so with -Stream the first answer
    /// flows live and the later ones follow in turn; -Unordered writes each answer as soon as it is done. When the
    /// service throttles one request (HTTP 429), all requests of the command pause for the time it asked.
    /// </para>
    /// <para>
    /// BATCHES. Past thousands of prompts, -AsBatch sends them through DashScope's Batch API instead: one JSONL line per
    /// input, written to disk as it arrives, uploaded and run by the service within 24 hours at half the price. The
    /// command writes a QwenBatch; Wait-QwenBatch and Receive-QwenBatch turn it into the results this command would have
    /// written, in input order. See about_DashScope_Batch.
    /// </para>
    /// <para>
    /// PROTOCOLS AND SERVERS. -Protocol Compatible (or Connect-DashScope -Protocol Compatible, or a -BaseUri ending in
    /// /compatible-mode/v1 or /v1) sends the same requests in the OpenAI-compatible protocol; a /v1 base that is not
    /// DashScope's is Qwen served by vLLM, Ollama or LM Studio, which needs no key. Results, streams and tools are the same.
    /// </para>
    /// <para>
    /// RETRIES AND TIMEOUTS. Only HTTP 408, 429 and 5xx responses and network failures are retried, and only before
    /// anything was received: once a stream has delivered its first event, a failure is reported, not retried. Up to
    /// -MaximumRetryCount retries (default 3); the wait starts at -RetryIntervalSec (default 2 s), doubles each retry
    /// with random jitter and never exceeds 2 minutes; a Retry-After header from the service wins. -TimeoutSec limits
    /// the whole call, retries included (default: no limit); -IdleTimeoutSec limits silence before the answer starts
    /// and between stream events (default 300 s). -Verbose shows the endpoint, where the key came from, each request
    /// and each retry; never the key.
    /// </para>
    /// <para>
    /// ERRORS. Every failure is an ErrorRecord with a stable id: DashScope.&lt;code&gt; with the service's error code
    /// (for example DashScope.InvalidApiKey, DashScope.Throttling.RateQuota, DashScope.DataInspectionFailed), or
    /// DashScope.Network, DashScope.Timeout, DashScope.Protocol, DashScope.MissingApiKey, DashScope.Configuration,
    /// DashScope.InvalidInput, DashScope.EmptyPrompt. The category fits the failure: AuthenticationError (401, no key),
    /// PermissionDenied (403), ObjectNotFound (404), LimitsExceeded (429), OperationTimeout, ConnectionError,
    /// ResourceUnavailable (5xx), InvalidArgument. The exception carries the service's Code, ServiceMessage and
    /// RequestId (quote it to support), and StatusCode, Attempts and RetryAfter; when a stream broke, PartialResult
    /// (also the error's TargetObject) is a result holding the text received so far. A missing key or an unusable
    /// endpoint stops the command; a failed call is a non-terminating error, so the other prompts of a pipeline still
    /// run (add -ErrorAction Stop to stop at the first failure).
    /// </para>
    /// <para>THE KEY AND THE ENDPOINT. The API key is looked up in this order; the first found wins:</para>
    /// <list type="number">
    /// <item><description>-ApiKey on the call (a SecureString; a plain string is accepted and converted),</description></item>
    /// <item><description>the session default set by Connect-DashScope -ApiKey,</description></item>
    /// <item><description>$env:DASHSCOPE_API_KEY,</description></item>
    /// <item><description>the file named by $env:DASHSCOPE_API_KEY_FILE_PATH,</description></item>
    /// <item><description>~/.dashscope/api_key.</description></item>
    /// </list>
    /// <para>
    /// The endpoint is -BaseUri or -Region, else the Connect-DashScope default, else $env:DASHSCOPE_HTTP_BASE_URL, else
    /// Beijing. The key never appears in output, verbose or debug text or errors, and is refused over plain http:// to
    /// any host but this machine unless -AllowUnencryptedAuthentication is given. See about_DashScope.
    /// </para>
    /// <para>
    /// WEB SEARCH. -EnableSearch lets the model search the web (enable_search); the pages it used are on the result's
    /// SearchResults (Index, Title, Url, SiteName, Icon) and plugin results on SearchToolInfo, also when streaming.
    /// -ForceSearch, -SearchStrategy, -EnableCitation, -CitationFormat, -SearchFreshness and -SearchSite set the
    /// search_options; -SearchOptions sends any other option and wins over them.
    /// </para>
    /// <para>
    /// TOOLS. -Tool offers PowerShell commands (Get-Command output or names), script blocks with a param block, New-QwenTool
    /// output or raw function schemas to the model. -InvokeTool decides what happens when the model calls one: Confirm
    /// (the default) asks before each call and shows the command line, Auto runs the calls, None returns them in
    /// ToolCalls. Only the commands given in -Tool can run, and only with the parameters of their schema; any other call
    /// is refused and reported back to the model as an error. The commands run on the pipeline thread; their output
    /// (objects as JSON with the properties the console shows, errors as ERROR lines) goes back to the model as tool
    /// messages, and the model answers again, up to -MaximumToolRounds times. ToolRuns on the result lists what ran.
    /// -WhatIf shows what would run and runs nothing. A result with pending calls (-InvokeTool None) can be piped back
    /// with -Tool and -InvokeTool Auto to run them, or with -Messages holding your own tool messages. The commands run
    /// one at a time on the pipeline thread, whatever -ThrottleLimit says.
    /// </para>
    /// <para>
    /// DEEP RESEARCH. With -Model qwen-deep-research the call is always streamed; the model first asks a clarifying
    /// question (Research.IsQuestion): pipe the result back with your reply to start the research. With -Stream each
    /// event is a QwenResearchRecord (Phase, Status, ResearchGoal, Query, WebSites, References); at an interactive
    /// console a progress bar shows the phase and activity. The result's Text is the report and Research holds the plan,
    /// the research rounds and the references.
    /// </para>
    /// <para>
    /// SPOKEN ANSWERS. The omni models (qwen3-omni-flash, qwen3.5-omni-plus and -flash, qwen-omni-turbo) answer in text
    /// and speech. DashScope serves them only through its OpenAI-compatible protocol, streamed: the call goes that way by
    /// itself (-Verbose shows it), on the same key and region. -Modality Text,Audio asks for speech too (Text alone is the
    /// default; without -Model the model is then qwen3-omni-flash), -Voice picks the voice, and the speech is written to
    /// the WAV file named by -AudioPath (16-bit mono PCM, 24 kHz) while it arrives, behind a header completed at the end:
    /// the file appears whole when the answer is complete, and nothing is left when the call fails or is stopped with
    /// Ctrl+C. The text is written as usual (streamed with -Stream; records carry AudioBytes when a piece of speech
    /// arrived). The result's Audio holds Path, Duration, Bytes, SampleRate and Voice, and Usage counts OutputAudioTokens
    /// and OutputTextTokens. -AudioPath names the first answer's file; each further piped prompt's answer goes beside
    /// it, numbered (answer.wav, answer-2.wav, ...); without -AudioPath the files are answer_DATE_TIME_N.wav in the
    /// current location. An existing file is kept (an error, nothing sent) unless -Force. Images, audio or video as input
    /// to the omni models are not taken by this cmdlet; spoken answers are not combined with -AsBatch or with tools that run.
    /// </para>
    /// <para>
    /// DOCUMENTS AND JSON. -Document sends documents given by http(s) URL to qwen-doc-turbo (the default model then),
    /// which reads them from the web; other documents go to qwen-long (the default model then) as one fileid:// system
    /// message; local files are uploaded first (types qwen-long cannot read fail before any upload) and -RemoveDocument
    /// deletes those uploads afterwards. -ResponseFormat JsonObject asks for one JSON object; the service requires the
    /// word JSON in the messages, so when none mentions it a short system message asking for JSON is added. -AsObject
    /// returns the parsed object; an answer that is not valid JSON is a DashScope.InvalidJson error whose TargetObject
    /// is the result with the raw text.
    /// </para>
    /// </remarks>
    /// <example>
    /// <code>Get-Content ./tickets.txt | Invoke-QwenChat 'Classify this ticket as bug, question or feature request:' -AsBatch -BatchName 'Ticket triage' | Wait-QwenBatch | Receive-QwenBatch | Select-Object Prompt, Text</code>
    /// <para>Classifies every line through the Batch API (half the price, within 24 hours): one request per line, results in line order.</para>
    /// </example>
    /// <example>
    /// <code>Invoke-QwenChat 'Tell me a short joke about computers.' -Model qwen3-omni-flash -Modality Text,Audio -Voice Ethan -AudioPath ./joke.wav</code>
    /// <para>
    /// Gets the answer in text and speech: the text is shown as usual, the speech saved as joke.wav (the footer line
    /// names the file and how long it plays).
    /// </para>
    /// </example>
    /// <example>
    /// <code>'Good morning!', 'Good night!' | Invoke-QwenChat -SystemPrompt 'Reply warmly in one sentence.' -AudioPath ./greetings/reply.wav | Select-Object Prompt, Text, @{ n = 'File'; e = { $_.Audio.Path } }</code>
    /// <para>
    /// -AudioPath alone asks for speech, with qwen3-omni-flash: the first answer is saved as reply.wav, the second as
    /// reply-2.wav, and each result tells which prompt it answers and where its speech is.
    /// </para>
    /// </example>
    /// <example>
    /// <code>Invoke-QwenChat 'What is new in PowerShell 7.5?' -EnableSearch -EnableCitation | Select-Object -ExpandProperty SearchResults</code>
    /// <para>Lets the model search the web, with citation marks in the answer, and lists the pages it used.</para>
    /// </example>
    /// <example>
    /// <code>Invoke-QwenChat 'Which of my drives has the least free space?' -Tool (Get-Command Get-PSDrive) -InvokeTool Auto</code>
    /// <para>
    /// Offers Get-PSDrive as a tool and runs the model's calls without asking; the model answers from the command's
    /// output. Without -InvokeTool Auto each call is confirmed first.
    /// </para>
    /// </example>
    /// <example>
    /// <code>Invoke-QwenChat 'Summarise this report in three bullet points.' -Document ./report.pdf -RemoveDocument</code>
    /// <para>Uploads the PDF, asks qwen-long about it, and deletes the upload afterwards.</para>
    /// </example>
    /// <example>
    /// <code>$person = Invoke-QwenChat 'Extract name and age as JSON: Alice is 31.' -AsObject; $person.age</code>
    /// <para>Asks for a JSON answer and returns it as an object.</para>
    /// </example>
    /// <example>
    /// <code>$question = Invoke-QwenChat 'Research the use of AI in education.' -Model qwen-deep-research; $question | Invoke-QwenChat 'Focus on personalised learning.' -Stream</code>
    /// <para>Deep research: the model asks what to focus on, the reply piped back starts the research, streamed phase by phase.</para>
    /// </example>
    /// <example>
    /// <code>Invoke-QwenChat 'What is PowerShell? One sentence.'</code>
    /// <para>
    /// Asks qwen-plus one question. The answer is shown, followed by a footer line with the model, finish reason, token
    /// counts, duration and request id.
    /// </para>
    /// </example>
    /// <example>
    /// <code>Invoke-QwenChat '用一句话介绍杭州。' -Stream</code>
    /// <para>
    /// Streams the answer: at the console the text flows as it arrives, then the footer line follows. The output is a
    /// QwenChatStreamRecord per event and, last, the complete QwenChatResult.
    /// </para>
    /// </example>
    /// <example>
    /// <code>
    /// $answer = Invoke-QwenChat 'Name three Linux shells.'
    /// $answer | Invoke-QwenChat 'Which one is the oldest?'
    /// </code>
    /// <para>
    /// Continues a conversation: the piped result's History is sent with the new question, so the model knows which
    /// shells "one" refers to. Pipe the newest result each time to keep going.
    /// </para>
    /// </example>
    /// <example>
    /// <code>git diff --staged | Invoke-QwenChat 'Write a one-line commit message for this change.'</code>
    /// <para>Gathers all piped lines and sends them once, after the prompt and a blank line.</para>
    /// </example>
    /// <example>
    /// <code>'Tokyo', 'Nairobi', 'Lima' | Invoke-QwenChat -SystemPrompt 'Answer with the country only.' | Select-Object Prompt, Text</code>
    /// <para>
    /// Without a prompt on the command line each piped string is its own prompt: three calls, three results. Prompt
    /// tells which input each result answers.
    /// </para>
    /// </example>
    /// <example>
    /// <code>Import-Csv ./questions.csv | Invoke-QwenChat -Model qwen-turbo | Select-Object Prompt, Text | Export-Csv ./answers.csv</code>
    /// <para>questions.csv has a Question column; each row is bound to -Prompt by property name and answered by its own call.</para>
    /// </example>
    /// <example>
    /// <code>Get-Content ./tickets.txt | Invoke-QwenChat -SystemPrompt 'Classify this support ticket as bug, question or feature request. Answer with one word.' -ThrottleLimit 4 | Group-Object Text</code>
    /// <para>
    /// Classifies every line of a file, four requests at a time, and counts the answers. Results still arrive in input
    /// order; add -Unordered to take each as soon as it is ready.
    /// </para>
    /// </example>
    /// <example>
    /// <code>Get-Process | Sort-Object CPU -Descending | Select-Object -First 15 Name, Id, CPU, WorkingSet | Invoke-QwenChat 'Does anything look unusual in this process list?'</code>
    /// <para>
    /// Objects that are not strings are formatted as the console would show them (here a table) and sent with the
    /// prompt in one call.
    /// </para>
    /// </example>
    /// <example>
    /// <code>Invoke-QwenChat -Messages @{ role = 'system'; content = 'You are a terse Linux administrator.' }, @{ role = 'user'; content = 'How do I list listening TCP ports?' }</code>
    /// <para>Sends a conversation built by hand. Roles are system, user, assistant and tool.</para>
    /// </example>
    /// <example>
    /// <code>Invoke-QwenChat 'Is 9.11 greater than 9.9?' -EnableThinking -ThinkingBudget 2000 | Format-List Reasoning, Text</code>
    /// <para>
    /// Lets the model reason first (at most 2000 tokens of reasoning) and shows the reasoning apart from the answer.
    /// The call is streamed internally because the service allows thinking only in streams.
    /// </para>
    /// </example>
    /// <example>
    /// <code>Invoke-QwenChat 'Explain TCP slow start in detail.' -Stream | Select-Object -First 20</code>
    /// <para>
    /// Shows only the first 20 streamed events; Select-Object then stops the pipeline and the connection is closed at
    /// once, so the rest of the answer is not generated for nothing.
    /// </para>
    /// </example>
    /// <example>
    /// <code>Invoke-QwenChat 'What changed in the latest PowerShell release?' -AdditionalParameters @{ enable_search = $true } -TimeoutSec 120</code>
    /// <para>
    /// Passes a request parameter the cmdlet has no parameter for (enable_search turns on web search for models that
    /// support it) and gives the whole call at most 120 seconds.
    /// </para>
    /// </example>
    /// <example>
    /// <code>try { Invoke-QwenChat 'Hello' -ErrorAction Stop } catch { $_.FullyQualifiedErrorId; $_.Exception | Format-List Code, ServiceMessage, RequestId, StatusCode, Attempts }</code>
    /// <para>
    /// Shows what a failure carries: the fully qualified error id (for example
    /// DashScope.InvalidApiKey,DashScope.Cmdlets.InvokeQwenChatCommand), the service's code, message and request id,
    /// the HTTP status and how many attempts were made.
    /// </para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Invoke, "QwenChat", DefaultParameterSetName = PromptSet, SupportsShouldProcess = true)]
    [OutputType(typeof(QwenChatResult), typeof(QwenChatStreamRecord))]
    public sealed partial class InvokeQwenChatCommand : QwenChatCmdlet
    {
        private const string PromptSet = "Prompt";
        private const string MessagesSet = "Messages";

        /// <summary>Type name given to the final result of a stream, whose text the console has already shown.</summary>
        public const string StreamedResultTypeName = "DashScope.Models.QwenChatResult#Streamed";

        private readonly List<object> _pipedContext = new List<object>();
        private bool _promptFromCommandLine;
        private int _sent;
        private int _blankInputs;
        private int _unreadableResults;

        /// <summary>
        /// The message to send, as the first argument or by name. With piped input, the prompt comes first, then a blank
        /// line, then all of the piped input, sent once. With a piped previous result, it is the next message of that
        /// conversation. It is also bound from the Prompt, Question or Content property of piped objects.
        /// </summary>
        [Parameter(Position = 0, ParameterSetName = PromptSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(Position = 0, ParameterSetName = MessagesSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Question", "Content")]
        [AllowEmptyString]
        public string? Prompt { get; set; }

        /// <summary>
        /// Pipeline input; normally piped rather than named. A QwenChatResult continues its conversation with the prompt
        /// as the next message. Without a prompt on the command line each piped string is its own prompt (empty strings
        /// are skipped); with a prompt on the command line all piped input is gathered (strings as lines, other objects
        /// formatted as the console shows them) and sent once after the prompt and a blank line.
        /// </summary>
        [Parameter(ValueFromPipeline = true, ParameterSetName = PromptSet)]
        [Parameter(ValueFromPipeline = true, ParameterSetName = MessagesSet)]
        [AllowNull]
        [AllowEmptyString]
        public object? InputObject { get; set; }

        /// <summary>
        /// A whole conversation to send, oldest message first: hashtables such as @{ role = 'user'; content = 'Hello' },
        /// objects with Role and Content properties, or the QwenChatMessage objects of a result's History. Roles are
        /// system, user, assistant and tool. A prompt given as well is added as the last user message.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = MessagesSet)]
        [ValidateNotNullOrEmpty]
        public object[]? Messages { get; set; }

        /// <summary>
        /// The model to use (default qwen-plus). Tab completion suggests common names such as qwen-max, qwen-turbo,
        /// qwen-flash, qwen3-max and qwen3-coder-plus; any model name the service knows is accepted.
        /// </summary>
        [Parameter]
        [ArgumentCompleter(typeof(ChatModelCompleter))]
        [ValidateNotNullOrEmpty]
        public override string Model { get; set; } = ChatRequest.DefaultModel;

        // With -Stream the records themselves show the research going on; a progress bar would also move the
        // cursor under the flowing text and break it into lines.
        protected override bool ShowsResearchProgress => IsInteractiveHost() && !Stream.IsPresent;

        /// <summary>The model that reads documents by URL, when -Document gives URLs without -Model (from the model catalog).</summary>
        private static string DocumentUrlModel => ModelCatalog.Default.Families.First(family => family.Family == "qwen-doc").Models[0];

        /// <summary>The translation model used when -TargetLanguage is given without -Model (from the model catalog).</summary>
        private static string TranslationModel =>
            ModelCatalog.Default.Families.First(family => family.Kind == "translation").Defaults.TryGetValue("model", out var model) && model is string name
                ? name
                : ModelCatalog.Default.ModelNames("translation").First();

        protected override void BeginProcessing()
        {
            _promptFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(Prompt));
            if (!TranslationRequested && (SourceLanguage != null || Term != null || TranslationMemory != null || Domain != null))
            {
                WriteWarning("-SourceLanguage, -Term, -TranslationMemory and -Domain have no effect without -TargetLanguage.");
            }
            if (Choices > 1 && Tool != null)
            {
                ThrowTerminatingError(ErrorRecords.InvalidInput(
                    "-Choices above 1 cannot be combined with -Tool: the service gives one answer when tools are offered.", "ChoicesWithTools", Choices));
            }
            if (_promptFromCommandLine && string.IsNullOrWhiteSpace(Prompt) && !MyInvocation.ExpectingInput && ParameterSetName == PromptSet)
            {
                ThrowTerminatingError(ErrorRecords.InvalidInput(MessageComposer.EmptyPromptMessage, "EmptyPrompt", Prompt));
            }
            BeginSpeech();
            BeginBatch();
            base.BeginProcessing();
        }

        protected override void ProcessRecord()
        {
            var input = InputObject is PSObject wrapped ? wrapped.BaseObject : InputObject;
            if (!(input is QwenChatResult) && !(input is string) && InputObject is PSObject rehydrate)
            {
                // A result that went through ConvertTo-Json/ConvertFrom-Json, Export/Import-Clixml or a remote session.
                try
                {
                    if (AsResult(rehydrate) is QwenChatResult restored) input = restored;
                }
                catch (DashScopeException unreadable)
                {
                    _unreadableResults++;
                    WriteError(ErrorRecords.From(unreadable, InputObject));
                    return;
                }
            }

            if (input is QwenChatResult previous)
            {
                // Continue the piped conversation with the next message, which must come from the command line:
                // the result's own Prompt property would otherwise bind and ask the old question again.
                if ((!_promptFromCommandLine || string.IsNullOrWhiteSpace(Prompt)) && !CanContinueWithoutPrompt(previous))
                {
                    WriteError(ErrorRecords.InvalidInput(
                        "A previous result was piped in but no new message was given. Add the next message: $result | Invoke-QwenChat 'and then?'.",
                        "EmptyPrompt", previous));
                    return;
                }
                Send(previous.History, _promptFromCommandLine ? Prompt : null, previous);
                return;
            }

            if (input == null)
            {
                // No pipeline input at all: the command line says everything. A piped $null carries nothing.
                if (!MyInvocation.ExpectingInput) Send(null, Prompt, null);
                return;
            }

            if (_promptFromCommandLine || ParameterSetName == MessagesSet)
            {
                if (SendBatchItem(InputObject!)) return;
                // git status | Invoke-QwenChat 'write a commit message': gather everything, send once at the end.
                // Keep the PSObject: a PSCustomObject's properties live on the wrapper.
                _pipedContext.Add(InputObject!);
                return;
            }

            string? itemPrompt;
            if (input is string text)
            {
                itemPrompt = text;
            }
            else if (MyInvocation.BoundParameters.ContainsKey(nameof(Prompt)))
            {
                itemPrompt = Prompt; // bound from the object's Prompt property (Import-Csv)
            }
            else if (input is System.IO.FileSystemInfo item)
            {
                WriteError(ErrorRecords.InvalidInput(
                    "A file was piped in, not text: '" + item.FullName + "'. To ask about its contents: Get-Content '" + item.FullName +
                    "' | Invoke-QwenChat -Prompt 'your question'; to give it as a document: Invoke-QwenChat 'your question' -Document '" + item.FullName + "'.",
                    "PipedFile", item));
                return;
            }
            else if (input is IConvertible)
            {
                itemPrompt = LanguagePrimitives.ConvertTo<string>(input); // numbers, dates: their text is the question
            }
            else
            {
                WriteError(ErrorRecords.InvalidInput(
                    "An object of type " + input.GetType().Name + " was piped in without a question. Give one with -Prompt and the piped " +
                    "objects are added to it as text: ... | Invoke-QwenChat -Prompt 'What stands out here?'.",
                    "PipedObjectWithoutPrompt", InputObject));
                return;
            }
            if (string.IsNullOrWhiteSpace(itemPrompt))
            {
                // A blank line among piped prompts is not a question.
                _blankInputs++;
                return;
            }
            Send(null, itemPrompt, input);
        }

        protected override void EndProcessing()
        {
            if (_pipedContext.Count > 0)
            {
                var context = FormatPipedInput(_pipedContext);
                var prompt = string.IsNullOrWhiteSpace(Prompt) ? context : Prompt + "\n\n" + context;
                Send(null, prompt, null);
            }
            else if (_sent == 0 && _unreadableResults == 0 && MyInvocation.ExpectingInput)
            {
                if (_promptFromCommandLine && !string.IsNullOrWhiteSpace(Prompt))
                {
                    // $null | Invoke-QwenChat 'hi', or an empty file piped with a prompt: the prompt alone.
                    Send(null, Prompt, null);
                }
                else if (_blankInputs > 0)
                {
                    WriteError(ErrorRecords.InvalidInput(
                        "Only blank input was piped in, so there was nothing to ask. Pipe non-empty text or give the question as the first argument.",
                        "EmptyPrompt", null));
                }
            }
            SubmitBatch();
            base.EndProcessing();
            RemoveUploadedDocuments();
        }

        /// <summary>
        /// The one way a prompt goes out: the request is built here (bad input fails before anything is sent), then sent
        /// on a worker, through the tool-call loop when tools can run.
        /// </summary>
        private void Send(IList<QwenChatMessage>? history, string? prompt, object? target)
        {
            _sent++;
            if (WriteBatchLine(history, prompt, target)) return;
            var previous = target as QwenChatResult;
            // Worked out once: what -WhatIf and -Confirm name is what the request uses.
            var model = ModelFor(previous);
            var audioPath = _speaks ? AudioPathFor(_sent) : null;
            // -WhatIf sends nothing, except with -Tool: then the model is asked (a call with no side effects) to
            // show which commands it would run, and none of them runs.
            if ((Tool == null || Tool.Length == 0 || _documentsSkipped) &&
                !ShouldProcess(DescribeRequest(prompt, audioPath), "Send a chat request to " + model))
            {
                return;
            }
            var errorTarget = target ?? prompt;
            ChatRequest request;
            try
            {
                request = BuildRequest(history, prompt, previous, model, audioPath);
            }
            catch (DashScopeException invalid)
            {
                WriteError(ErrorRecords.From(invalid, errorTarget));
                return;
            }

            var asObject = AsObject.IsPresent;
            Func<QwenChatResult, IWorkSink, object?> present = (result, sink) =>
            {
                CheckSpeech(result, sink);
                return asObject ? ParseJsonAnswer(result, sink) : result;
            };
            if (!_runTools)
            {
                Send(request, present, errorTarget);
                return;
            }
            var pending = previous != null && string.IsNullOrWhiteSpace(prompt) && Messages == null && ToolCallLoop.HasPendingToolCalls(previous) ? previous : null;
            var tools = _tools.ToList<ToolDefinition>();
            var maximumRounds = MaximumToolRounds;
            var toolHost = _toolHost!;
            Send(request, present, errorTarget, (built, observer, sink, cancellation) =>
                new ToolCallLoop(Chat, tools, toolHost.For(sink)) { MaximumRounds = maximumRounds }.RunAsync(built, pending, observer, cancellation));
        }

        /// <summary>A piped result without a new prompt continues when messages are given or its tool calls can be run now.</summary>
        private bool CanContinueWithoutPrompt(QwenChatResult previous) =>
            Messages != null || (_runTools && ToolCallLoop.HasPendingToolCalls(previous));

        /// <summary>
        /// Rebuilds a result from a deserialized copy (property bag) so its conversation can continue; null for objects
        /// that are not one. A copy whose type name says it is a result but whose History cannot be read is an error
        /// rather than text to ask about.
        /// </summary>
        private static QwenChatResult? AsResult(PSObject value)
        {
            var looksLikeResult = false;
            foreach (var name in value.TypeNames)
            {
                if (name.EndsWith("DashScope.Models.QwenChatResult", StringComparison.Ordinal)) looksLikeResult = true;
            }
            var history = value.Properties["History"]?.Value;
            if (!looksLikeResult && (value.Properties["Text"] == null || value.Properties["Model"] == null || history == null)) return null;
            if (!(LanguagePrimitives.GetEnumerable(history is PSObject wrapped ? wrapped.BaseObject : history) is System.Collections.IEnumerable messages)) return null;
            var result = new QwenChatResult
            {
                Text = value.Properties["Text"]?.Value?.ToString() ?? string.Empty,
                Model = value.Properties["Model"]?.Value?.ToString() ?? string.Empty,
                RequestId = value.Properties["RequestId"]?.Value?.ToString(),
            };
            try
            {
                foreach (var message in messages) result.History.Add(MessageConverter.From(message));
            }
            catch (DashScopeException unreadable) when (looksLikeResult)
            {
                throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                    "The piped result's History cannot be continued: " + unreadable.Message +
                    " A result saved with Export-Clixml keeps its conversation; one converted with ConvertTo-Json needs -Depth 10.");
            }
            catch (DashScopeException)
            {
                return null;
            }
            return result.History.Count > 0 ? result : null;
        }

        private string DescribeRequest(string? prompt, string? audioPath)
        {
            var documents = _documentIds.Count + _documentUrls.Count + _skippedDocuments;
            return "Invoke-QwenChat '" + TextPreview.Line(prompt, 60) + "'" + (documents > 0 ? " with " + documents + " document(s)" : string.Empty) +
                   (audioPath != null ? ", the spoken answer saved to " + audioPath : string.Empty);
        }

        /// <summary>-Model, else the continued conversation's model, else the default of what is asked (documents, translation, speech).</summary>
        private string ModelFor(QwenChatResult? previous)
        {
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Model))) return Model;
            if (previous != null && !string.IsNullOrEmpty(previous.Model)) return previous.Model;
            if (_documentUrls.Count > 0) return DocumentUrlModel;
            if (_documentIds.Count > 0) return "qwen-long";
            if (TranslationRequested) return TranslationModel;
            return _speaks ? SpeechModel : Model;
        }

        /// <summary>The request for one prompt; <paramref name="model"/> and <paramref name="audioPath"/> when already worked out.</summary>
        private ChatRequest BuildRequest(IList<QwenChatMessage>? history, string? prompt, QwenChatResult? previous, string? model = null, string? audioPath = null)
        {
            if (TranslationRequested && (!string.IsNullOrEmpty(SystemPrompt) || (history != null && history.Count > 0) || Messages != null))
                throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                    "The translation models translate one text and keep no conversation: leave out -SystemPrompt, -Messages and piped results with -TargetLanguage.");
            var continuing = previous != null && string.IsNullOrWhiteSpace(prompt) && CanContinueWithoutPrompt(previous);
            var given = Messages?.Select(MessageConverter.From).ToList();
            var user = string.IsNullOrWhiteSpace(prompt) ? null : new QwenChatMessage("user", prompt);
            if (user != null && _documentUrls.Count > 0)
                user.Parts = new[] { QwenContentPart.FromText(prompt), QwenContentPart.Documents(_documentUrls.ToList()) };
            var messages = MessageComposer.Compose(SystemPrompt, history, given, user);
            if (user == null && given == null && !continuing) throw new DashScopeException(DashScopeErrorKind.InvalidInput, MessageComposer.EmptyPromptMessage);
            MessageComposer.AttachDocuments(messages, _documentIds);
            if (JsonRequested && MessageComposer.RequireJsonMention(messages))
                WriteVerbose("No message mentions JSON, which JSON mode requires: added the system message \"" + MessageComposer.JsonInstruction + "\"");

            var chosen = model ?? ModelFor(previous);
            var speech = audioPath ?? (_speaks ? AudioPathFor(_sent) : null);
            var codeInterpreter = EnableCodeInterpreter.IsPresent;
            return NewChatRequest(chosen, messages, prompt, request => WithSpeech(request, speech) with
            {
                // The code interpreter runs only while the model thinks.
                EnableThinking = codeInterpreter ? true : request.EnableThinking,
                EnableCodeInterpreter = codeInterpreter ? true : (bool?)null,
                Choices = Choices,
                LogProbabilities = LogProbabilities.IsPresent || TopLogProbabilities.HasValue ? true : (bool?)null,
                TopLogProbabilities = TopLogProbabilities,
                Translation = BuildTranslation(),
                ResponseFormat = JsonRequested ? "json_object" : ResponseFormat == QwenResponseFormat.Text ? "text" : null,
            });
        }

        /// <summary>Strings are joined as lines; other objects are formatted as the console would show them.</summary>
        private string FormatPipedInput(List<object> items)
        {
            string? AsText(object item) => (item is PSObject wrapped ? wrapped.BaseObject : item) as string;
            var allText = true;
            foreach (var item in items)
            {
                if (AsText(item) == null) { allText = false; break; }
            }
            if (allText)
            {
                var joined = new StringBuilder();
                foreach (var item in items)
                {
                    if (joined.Length > 0) joined.Append('\n');
                    joined.Append(AsText(item));
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
