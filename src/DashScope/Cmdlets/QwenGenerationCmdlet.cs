using System;
using System.Collections;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Client;
using DashScope.Execution;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Transport;

namespace DashScope.Cmdlets
{
    /// <summary>
    /// Base of the cmdlets that ask a Qwen model for an answer (chat, vision, audio, OCR): the model, system prompt and
    /// answer length besides the sampling parameters, and the one way a request goes out (on a worker, streamed to the pipeline or whole) and comes back.
    /// Each cmdlet overrides <see cref="Model"/> with its own default and completer.
    /// </summary>
    public abstract class QwenGenerationCmdlet : QwenSamplingCmdlet
    {
        private ChatClient? _chat;
        private DashScopeClient? _client;

        /// <summary>The model; each cmdlet declares the parameter with its default and completer.</summary>
        public abstract string Model { get; set; }

        /// <summary>
        /// Instructions for the model, sent first as a system message, for example 'Answer in one sentence.' In a
        /// continued conversation it replaces the earlier system message.
        /// </summary>
        [Parameter]
        public virtual string? SystemPrompt { get; set; }

        /// <summary>
        /// The most tokens the answer may have (max_tokens). When the limit cuts the answer short, the result's
        /// FinishReason is length.
        /// </summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? MaxTokens { get; set; }

        /// <summary>The chat client of this invocation (set in BeginProcessing).</summary>
        protected ChatClient Chat => _chat ?? throw new InvalidOperationException("BeginProcessing has not run.");

        /// <summary>The service client of this invocation (uploads, files).</summary>
        protected DashScopeClient Client => _client ?? throw new InvalidOperationException("BeginProcessing has not run.");

        /// <summary>Show deep-research phases as a progress bar (a person watches and no records flow).</summary>
        protected virtual bool ShowsResearchProgress => false;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            OnSettingsResolved(ResolveSettings());
        }

        /// <summary>Creates the clients; cmdlets that need more of the settings (document uploads) extend it.</summary>
        protected virtual void OnSettingsResolved(ConnectionSettings settings)
        {
            _client = CreateClient(settings);
            _chat = new ChatClient(_client);
        }

        /// <summary>
        /// Sends one request on a worker: <paramref name="prepare"/> makes it there (uploads media first, say), the answer
        /// streams to the pipeline with -Stream, and <paramref name="present"/> turns the result into what is written (one
        /// object, several, or null for nothing). A failure is an error about <paramref name="errorTarget"/>.
        /// </summary>
        protected void Send(Func<IWorkSink, CancellationToken, Task<ChatRequest>> prepare, Func<QwenChatResult, IWorkSink, object?> present,
            object? errorTarget, Func<ChatRequest, IChatStreamObserver?, IWorkSink, CancellationToken, Task<QwenChatResult>>? send = null)
        {
            var chat = Chat;
            var writeRecords = WritesStreamRecords;
            var researchProgress = ShowsResearchProgress;
            Submit(async (sink, cancellation) =>
            {
                var records = new StreamRecordWriter(sink, writeRecords, researchProgress);
                var observer = writeRecords || researchProgress ? records : null;
                try
                {
                    var request = await prepare(sink, cancellation).ConfigureAwait(false);
                    var result = send == null
                        ? await chat.SendAsync(request, observer, cancellation).ConfigureAwait(false)
                        : await send(request, observer, sink, cancellation).ConfigureAwait(false);
                    records.Complete();
                    await WriteAllAsync(sink, present(result, sink), result.Streamed).ConfigureAwait(false);
                }
                catch (DashScopeException failure)
                {
                    records.Complete();
                    sink.Error(failure, errorTarget);
                }
            });
        }

        /// <summary>Sends a request made on the pipeline thread (see the other overload).</summary>
        protected void Send(ChatRequest request, Func<QwenChatResult, IWorkSink, object?> present, object? errorTarget,
            Func<ChatRequest, IChatStreamObserver?, IWorkSink, CancellationToken, Task<QwenChatResult>>? send = null) =>
            Send((sink, cancellation) => Task.FromResult(request), present, errorTarget, send);

        /// <summary>
        /// Writes what a result became: each item of a list, else the object. After a shown stream a result object is
        /// marked TypeName#Streamed, whose view shows only the footer (its text is already on the screen).
        /// </summary>
        private static async Task WriteAllAsync(IWorkSink sink, object? output, bool streamed)
        {
            switch (output)
            {
                case null:
                    return;
                case string _:
                case IDictionary _:
                case PSObject _:
                    await sink.WriteAsync(output).ConfigureAwait(false);
                    return;
                case IEnumerable many:
                    foreach (var item in many) await sink.WriteAsync(item).ConfigureAwait(false);
                    return;
            }
            if (streamed)
            {
                var shown = new PSObject(output);
                shown.TypeNames.Insert(0, output.GetType().FullName + "#Streamed");
                output = shown;
            }
            await sink.WriteAsync(output).ConfigureAwait(false);
        }
    }
}
