using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Catalog;
using DashScope.Client;
using DashScope.Completion;
using DashScope.Conversations;
using DashScope.Execution;
using DashScope.Formatting;
using DashScope.Interactive;
using DashScope.Media;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Streaming;
using DashScope.Tools;

namespace DashScope.Cmdlets
{
    /// <summary>Talks with a Qwen model at the console: a prompt, the answer streamed, the conversation kept.</summary>
    /// <remarks>
    /// <para>
    /// Enter-QwenChat starts a conversation at the console. Type a message at the prompt (it shows the model) and press
    /// Enter: the answer streams in as prose, the way Invoke-QwenChat -Stream shows it (a thinking model's reasoning
    /// dimmed), followed by a dim footer line with the model, finish reason, tokens, duration and request id. Every
    /// question is sent with the whole conversation so far. When the conversation ends with /exit or Ctrl+D, it is
    /// written to the pipeline as a QwenChatResult whose History holds every message, so $chat = Enter-QwenChat keeps it:
    /// pipe it to Invoke-QwenChat to go on in a script, or give it back to Enter-QwenChat -Conversation later.
    /// </para>
    /// <para>
    /// COMMANDS. A line starting with a slash is a command: /help lists them; /exit ends the conversation; /clear forgets
    /// it (the system prompt and documents stay); /model NAME switches the model for the next questions (Tab completes
    /// the names of the model catalog; /model alone shows it); /system TEXT replaces the system prompt; /retry asks the
    /// last question again (after a failure, or to replace its answer); /undo drops the last question and its answer;
    /// /save PATH writes the conversation as a JSON file and /load PATH reads one back; /copy puts the last answer on the
    /// clipboard where there is one (Set-Clipboard; on Linux it needs xclip or wl-copy) and says so where there is not;
    /// /usage shows the tokens used so far, over every call; /file PATH attaches an image, video, audio file or document
    /// to the next question. A line starting with two slashes is sent as a message starting with one.
    /// </para>
    /// <para>
    /// TYPING. A line ending in a backslash goes on in the next line of the same message, and a pasted block of lines is
    /// one message. Chinese and other wide text is read and shown intact. When PSReadLine is loaded (the normal case at a
    /// console) the prompt has its editing keys and history: Up recalls earlier questions, Ctrl+R searches them; the
    /// messages go into the history of this session only, not the history file. Enter sends what is typed even when it
    /// is not complete PowerShell (an apostrophe or a bracket left open). Without PSReadLine, or in another host, lines
    /// are read with the host's ReadLine.
    /// </para>
    /// <para>
    /// STOPPING. Ctrl+C while an answer arrives stops that answer at once (the connection is closed) and the
    /// conversation goes on: the question is not added, /retry asks it again; keys typed while an answer arrives are
    /// dropped. Ctrl+C at the prompt, or at the question whether to run a tool, ends the command as Ctrl+C ends any
    /// command, without writing the conversation; /exit, or Ctrl+D on an empty line with PSReadLine, ends it and writes
    /// it. A failed request (network, throttling after the retries, a bad key) is written as an error and
    /// the conversation goes on without that question; with -ErrorAction Stop an error ends the command.
    /// </para>
    /// <para>
    /// SAVED CONVERSATIONS. /save writes a JSON array of messages in the form the service takes them (role, content,
    /// reasoning_content, tool_calls, tool_call_id; content as parts for messages with images), UTF-8. Invoke-QwenChat
    /// -Messages (Get-Content chat.json | ConvertFrom-Json) sends the same conversation, and Enter-QwenChat -Conversation
    /// accepts those messages too.
    /// </para>
    /// <para>
    /// FILES. /file takes a path (relative to the current location; wildcards expand) or an http(s), oss:// or data: URL.
    /// Images and videos go with the next question as content parts, audio as an audio part, sent as Invoke-QwenVision
    /// and ConvertFrom-QwenAudio send them (small local files inline, larger ones through the temporary upload); documents
    /// (.pdf, .docx, .txt, .md, ...) are uploaded with the files API and referred to as fileid://, as Invoke-QwenChat
    /// -Document does. When the model cannot read what is attached, the conversation switches to one that can
    /// (qwen-vl-max-latest for images and video, qwen-audio-turbo for audio, qwen-long for documents) and says so.
    /// -RemoveDocument deletes the documents this command uploaded when it ends.
    /// </para>
    /// <para>
    /// PARAMETERS. The chat parameters of Invoke-QwenChat apply to every question: -SystemPrompt, -Temperature, -TopP,
    /// -TopK, -Seed, -MaxTokens, -Stop, the penalties, -EnableThinking, -ThinkingBudget and -ReasoningEffort,
    /// -EnableSearch and the other search parameters, -Tool with -InvokeTool (Confirm by default: each command the model
    /// wants to run is shown and asked about first), -Document, -Endpoint, -AdditionalParameters, and the connection and
    /// retry parameters. What makes sense only for one call (-Choices, -LogProbabilities, translation, the code
    /// interpreter, JSON output) stays with Invoke-QwenChat.
    /// </para>
    /// </remarks>
    /// <example>
    /// <code>Enter-QwenChat</code>
    /// <para>Starts a conversation with qwen-plus. Type questions at the prompt; /exit or Ctrl+D ends it.</para>
    /// </example>
    /// <example>
    /// <code>$chat = Enter-QwenChat qwen-max -SystemPrompt 'You are a terse Linux administrator.'; $chat | Invoke-QwenChat 'Summarise what we discussed in three bullet points.'</code>
    /// <para>
    /// Talks with qwen-max under a system prompt, keeps the conversation in $chat when it ends, and goes on from it in a
    /// script.
    /// </para>
    /// </example>
    /// <example>
    /// <code>Invoke-QwenChat 'Name three Linux shells.' | Enter-QwenChat</code>
    /// <para>Goes on at the console with a conversation a script started.</para>
    /// </example>
    /// <example>
    /// <code>Enter-QwenChat -Tool (Get-Command Get-PSDrive, Get-Process) -EnableThinking</code>
    /// <para>
    /// Lets the model look at drives and processes while you talk; each command it wants to run is shown and runs only
    /// when you answer Yes. The model's reasoning is shown dimmed before each answer.
    /// </para>
    /// </example>
    /// <example>
    /// <code>Enter-QwenChat -Document ./report.pdf -RemoveDocument</code>
    /// <para>Uploads the report, talks about it with qwen-long, and deletes the upload when the conversation ends.</para>
    /// </example>
    /// <example>
    /// <code>Enter-QwenChat -Conversation (Get-Content ./chat.json | ConvertFrom-Json)</code>
    /// <para>Goes on with a conversation saved earlier with /save ./chat.json.</para>
    /// </example>
    /// <example>
    /// <code>Invoke-QwenChat -Messages (Get-Content ./chat.json | ConvertFrom-Json) 'What did we decide?'</code>
    /// <para>Asks one more question about a conversation saved with /save, in a script.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Enter, "QwenChat")]
    [OutputType(typeof(QwenChatResult))]
    public sealed class EnterQwenChatCommand : QwenChatCmdlet
    {
        // How often the keyboard is checked for Ctrl+C while an answer arrives.
        private const int KeyPollMilliseconds = 50;

        private readonly List<QwenChatMessage> _given = new List<QwenChatMessage>();
        private readonly HashSet<string> _tracked = new HashSet<string>(StringComparer.Ordinal);
        private string? _givenModel;
        private ChatSession? _session;
        private ChatConsoleView? _view;
        private TemporaryUploader? _uploader;
        private QwenChatResult? _answer;
        private bool _answerFailed;

        /// <summary>
        /// The model to talk with (default qwen-plus; the model of a -Conversation result when it is not given). /model
        /// switches it during the conversation. Tab completion suggests common names; any model name the service knows is
        /// accepted.
        /// </summary>
        [Parameter(Position = 0)]
        [ArgumentCompleter(typeof(ChatModelCompleter))]
        [ValidateNotNullOrEmpty]
        public override string Model { get; set; } = ChatRequest.DefaultModel;

        /// <summary>
        /// A conversation to go on with: a QwenChatResult (from Invoke-QwenChat or an earlier Enter-QwenChat), its
        /// History, or messages (QwenChatMessage objects, hashtables with role and content, or the objects of
        /// Get-Content chat.json | ConvertFrom-Json for a file saved with /save). It may be piped.
        /// </summary>
        [Parameter(ValueFromPipeline = true)]
        [ValidateNotNull]
        public object? Conversation { get; set; }

        // A conversation always streams, one question at a time: the base's -Stream, -ThrottleLimit and -Unordered do
        // not apply, and are hidden (a property without [Parameter] hides the base's parameter of that name).
        public new SwitchParameter Stream { get; set; }
        public new int ThrottleLimit { get; set; }
        public new SwitchParameter Unordered { get; set; }

        protected override bool WritesStreamRecords => true;

        protected override void ProcessRecord()
        {
            if (Conversation == null) return;
            try
            {
                Take(Conversation);
            }
            catch (DashScopeException invalid)
            {
                ThrowTerminatingError(ErrorRecords.From(invalid, Conversation));
            }
        }

        /// <summary>A conversation here sends documents as file ids only.</summary>
        private protected override bool TakesDocumentUrls => false;

        protected override void EndProcessing()
        {
            var model = Model;
            if (!MyInvocation.BoundParameters.ContainsKey(nameof(Model)))
            {
                if (!string.IsNullOrEmpty(_givenModel)) model = _givenModel!;
                else if (_documentIds.Count > 0) model = ChatAttachment.DocumentModel;
            }
            var session = new ChatSession(model, _given, SystemPrompt);
            session.AddDocuments(_documentIds);
            _session = session;
            _view = new ChatConsoleView(Host);
            _uploader = new TemporaryUploader(Client);
            var models = ChatCompletion.ChatModels(ModelCatalog.Default).ToList();
            using (var reader = (IChatLineReader?)PSReadLineReader.TryOpen(this, (line, cursor) => ChatCompletion.For(line, cursor, models)) ?? new HostLineReader(Host))
            {
                _view.Banner(session.Model, reader.EndKey);
                Converse(reader);
            }
            var result = new PSObject(session.ToResult());
            result.TypeNames.Insert(0, ChatConsoleView.ConversationTypeName);
            WriteObject(result);
            base.EndProcessing();
            RemoveUploadedDocuments();
        }

        /// <summary>Adds what -Conversation was given: a result, a history, or messages.</summary>
        private void Take(object value)
        {
            var item = value is PSObject wrapped ? wrapped.BaseObject : value;
            switch (item)
            {
                case QwenChatResult result:
                    _givenModel = result.Model;
                    _given.AddRange(result.History);
                    return;
                case QwenChatMessage message:
                    _given.Add(message);
                    return;
                case string _:
                case IDictionary _:
                    _given.Add(MessageConverter.From(value));
                    return;
                case IEnumerable many:
                    foreach (var element in many)
                    {
                        if (element != null) Take(element);
                    }
                    return;
            }
            if (value is PSObject deserialized && deserialized.Properties["History"]?.Value is object history && deserialized.Properties["Role"] == null)
            {
                // A result that went through ConvertTo-Json/ConvertFrom-Json or Export/Import-Clixml.
                if (deserialized.Properties["Model"]?.Value is string model) _givenModel = model;
                Take(history);
                return;
            }
            _given.Add(MessageConverter.From(value));
        }

        /// <summary>The loop: read a message or a command, act, until /exit or the end of input.</summary>
        private void Converse(IChatLineReader reader)
        {
            var session = _session!;
            var view = _view!;
            var input = new ChatInput();
            while (true)
            {
                ChatLine line;
                try
                {
                    line = reader.Read(input.Continuing ? view.ContinuationPrompt : view.Prompt(session.Model));
                }
                catch (Exception exception) when (exception is PSInvalidOperationException || exception is System.Management.Automation.Host.HostException ||
                                                  exception is NotImplementedException || exception is PSNotImplementedException)
                {
                    ThrowTerminatingError(new ErrorRecord(new PSInvalidOperationException(
                        "Enter-QwenChat reads what you type, but this host cannot read input (" + exception.Message +
                        "). In scripts and non-interactive sessions use Invoke-QwenChat.", exception), "DashScope.NoConsole", ErrorCategory.InvalidOperation, null));
                    return;
                }
                if (line.Kind == ChatLineKind.EndOfInput) return;
                if (line.Kind == ChatLineKind.Interrupt) throw new PipelineStoppedException();
                if (!input.Add(line.Text, line.MorePending)) continue;
                var text = input.Take();
                if (string.IsNullOrWhiteSpace(text)) continue;
                if (text.IndexOf('\n') < 0)
                {
                    var command = ChatCommand.Parse(text, out var unknown);
                    if (unknown != null)
                    {
                        view.Note("There is no command " + unknown + ". /help lists them; start a message with // to send a slash.");
                        continue;
                    }
                    if (command != null)
                    {
                        if (command.Kind == ChatCommandKind.Exit) return;
                        Run(command, reader);
                        continue;
                    }
                }
                Ask(session.Ask(ChatCommand.MessageText(text)));
            }
        }

        private void Run(ChatCommand command, IChatLineReader reader)
        {
            var session = _session!;
            var view = _view!;
            try
            {
                switch (command.Kind)
                {
                    case ChatCommandKind.Help:
                        view.Help(ChatCommand.All, reader.EndKey);
                        break;
                    case ChatCommandKind.Clear:
                        session.Clear();
                        view.Note(session.History.Count == 0 ? "The conversation is cleared." : "The conversation is cleared; the system prompt and documents stay.");
                        break;
                    case ChatCommandKind.Model:
                        if (command.Argument.Length > 0) session.Model = command.Argument;
                        view.Note("Model: " + session.Model + (command.Argument.Length > 0 ? " from the next question on." : "."));
                        break;
                    case ChatCommandKind.System:
                        if (command.Argument.Length > 0) session.SetSystemPrompt(command.Argument);
                        view.Note(session.SystemPrompt == null ? "No system prompt. /system TEXT sets one." : "System prompt: " + session.SystemPrompt);
                        break;
                    case ChatCommandKind.Retry:
                        var again = session.Retry();
                        if (again == null)
                        {
                            view.Note("There is no question to ask again yet.");
                            break;
                        }
                        view.Note("Asking again: " + Shorten(again.Text));
                        Ask(again);
                        break;
                    case ChatCommandKind.Undo:
                        var dropped = session.Undo();
                        view.Note(dropped == null ? "There is nothing to undo." : "Dropped the question " + Shorten(dropped.Content) + " and its answer.");
                        break;
                    case ChatCommandKind.Save:
                        var target = FilePath(command.Argument);
                        ConversationFile.Save(target, session.History);
                        view.Note("Saved " + session.History.Count + " messages to " + target + ". Invoke-QwenChat -Messages (Get-Content '" + target +
                                  "' | ConvertFrom-Json) and Enter-QwenChat -Conversation read it.");
                        break;
                    case ChatCommandKind.Load:
                        var source = FilePath(command.Argument);
                        var messages = ConversationFile.Load(source);
                        session.Load(messages);
                        view.Note("Loaded " + messages.Count + " messages from " + source + ".");
                        break;
                    case ChatCommandKind.Copy:
                        Copy(session.LastAnswer);
                        break;
                    case ChatCommandKind.Usage:
                        view.Note(session.Usage + ". The conversation holds " + session.History.Count + " messages.");
                        break;
                    case ChatCommandKind.File:
                        Attach(command.Argument);
                        break;
                }
            }
            catch (DashScopeException invalid)
            {
                WriteError(ErrorRecords.From(invalid, command.ToString()));
            }
            catch (Exception failure) when (failure is SessionStateException || failure is ProviderInvocationException || failure is NotSupportedException ||
                                            failure is ArgumentException || failure is System.IO.IOException || failure is UnauthorizedAccessException ||
                                            failure is UriFormatException)
            {
                WriteError(ErrorRecords.From(new DashScopeException(DashScopeErrorKind.InvalidInput, failure.Message, failure), command.ToString()));
            }
        }

        /// <summary>/file: checks each file now (before anything is sent) and attaches it to the next question.</summary>
        private void Attach(string argument)
        {
            var session = _session!;
            var view = _view!;
            if (argument.Length == 0)
            {
                view.Note(session.Attachments.Count == 0
                    ? "No files are attached. /file PATH attaches one to the next question."
                    : "Attached to the next question: " + string.Join(", ", session.Attachments.Select(a => a.ToString())));
                return;
            }
            foreach (var item in MediaPaths.Resolve(SessionState, Unquote(argument), "file", literal: false))
            {
                var attachment = ChatAttachment.From(item, UploadMode.Auto);
                var previous = session.Model;
                var switched = session.Attach(attachment, ModelCatalog.Default);
                view.Note("Attached " + attachment + " to the next question." +
                          (switched == null ? string.Empty : " " + previous + " cannot read it, so the conversation goes on with " + switched + " (/model changes it)."));
            }
        }

        /// <summary>Sends one question and shows its answer; Ctrl+C meanwhile stops just this answer.</summary>
        private void Ask(ChatTurn turn)
        {
            var session = _session!;
            var view = _view!;
            var template = NewChatRequest(session.Model, Array.Empty<QwenChatMessage>(), turn.Text);
            var media = new MediaResolver(_uploader!, session.Model, UploadMode.Auto);
            var files = Files;
            var chat = Chat;
            var usage = session.Usage;
            var runTools = _runTools;
            var tools = _tools.ToList<ToolDefinition>();
            var toolHost = _toolHost;
            var maximumRounds = MaximumToolRounds;
            _answer = null;
            _answerFailed = false;
            using (var stop = new CancellationTokenSource())
            using (var interrupt = new AnswerInterrupt(Host))
            {
                Send(async (sink, cancellation) =>
                    {
                        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, stop.Token))
                        {
                            await turn.ResolveAsync(media, files, linked.Token).ConfigureAwait(false);
                        }
                        return template with { Messages = turn.Messages() };
                    },
                    (result, sink) => result,
                    turn.Text,
                    async (request, observer, sink, cancellation) =>
                    {
                        var counting = new UsageObserver(observer!, usage);
                        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, stop.Token))
                        {
                            return runTools
                                ? await new ToolCallLoop(chat, tools, toolHost!.For(sink)) { MaximumRounds = maximumRounds }
                                    .RunAsync(request, null, counting, linked.Token).ConfigureAwait(false)
                                : await chat.SendAsync(request, counting, linked.Token).ConfigureAwait(false);
                        }
                    });
                CompleteSubmitted(() =>
                {
                    if (!stop.IsCancellationRequested && interrupt.Pressed()) stop.Cancel();
                }, KeyPollMilliseconds);
                TrackUploads(turn);

                if (stop.IsCancellationRequested)
                {
                    view.Stopped();
                    return;
                }
            }
            var answer = _answer;
            if (answer == null || _answerFailed)
            {
                view.Failed();
                return;
            }
            if (ToolCallLoop.HasPendingToolCalls(answer))
            {
                view.EndAnswer();
                view.Note("The model asked to run " + string.Join(", ", answer.ToolCalls.Select(call => call.Name)) +
                          ", which did not run here; the question was not added to the conversation.");
                return;
            }
            session.Complete(turn, answer);
            view.Footer(answer);
        }

        /// <summary>On the pipeline thread: records go to the console view, the result is kept for the conversation.</summary>
        protected override void WriteWorkObject(object? value)
        {
            switch (value is PSObject wrapped ? wrapped.BaseObject : value)
            {
                case QwenChatStreamRecord record:
                    _view!.Answer(record);
                    break;
                case QwenResearchRecord research:
                    _view!.Research(research);
                    break;
                case QwenChatResult result:
                    _answer = result;
                    break;
            }
        }

        protected override void WriteWorkError(WorkError error)
        {
            _answerFailed = true;
            _view!.EndAnswer();
            base.WriteWorkError(error);
        }

        /// <summary>Documents a question uploaded, for -RemoveDocument (also when the answer failed).</summary>
        private void TrackUploads(ChatTurn turn)
        {
            foreach (var attachment in turn.Attachments)
            {
                if (attachment.Uploaded && attachment.Resolved != null && _tracked.Add(attachment.Resolved)) TrackUpload(attachment.Resolved);
            }
        }

        private void Copy(string? answer) =>
            _view!.Note(answer == null ? "There is no answer to copy yet." : ConsoleClipboard.Copy(this, answer));

        /// <summary>A file system path from a command argument: quotes removed, relative to the current location.</summary>
        private string FilePath(string argument)
        {
            var text = Unquote(argument);
            if (text.Length == 0) throw new DashScopeException(DashScopeErrorKind.InvalidInput, "Give a path, for example ./chat.json.");
            var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(text, out var provider, out _);
            if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "'" + text + "' is on the " + provider.Name + " drive; give a file system path.");
            return path;
        }

        private static string Unquote(string text)
        {
            text = text.Trim();
            if (text.Length >= 2 && (text[0] == '\'' || text[0] == '"') && text[text.Length - 1] == text[0]) return text.Substring(1, text.Length - 2);
            return text;
        }

        private static string Shorten(string? text) => "“" + TextPreview.Line(text, 60) + "”";

        /// <summary>Counts the tokens of every call (tool rounds and stopped answers too) and passes the events on.</summary>
        private sealed class UsageObserver : IChatStreamObserver
        {
            private readonly IChatStreamObserver _inner;
            private readonly ChatUsageTotals _usage;

            public UsageObserver(IChatStreamObserver inner, ChatUsageTotals usage)
            {
                _inner = inner;
                _usage = usage;
            }

            public bool ShowsAnswer => _inner.ShowsAnswer;

            public Task OnEventAsync(ChatStreamEvent chatEvent)
            {
                _usage.Observe(chatEvent.RequestId, chatEvent.Usage);
                return _inner.OnEventAsync(chatEvent);
            }
        }
    }
}
