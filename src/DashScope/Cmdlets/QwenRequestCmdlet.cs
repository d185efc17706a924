using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Client;
using DashScope.Execution;
using DashScope.Models;
using DashScope.Requests;

namespace DashScope.Cmdlets
{
    /// <summary>
    /// Base of the cmdlets that send one request per pipeline input. Work runs on workers (up to
    /// -ThrottleLimit at once); records, results, errors and verbose lines are queued and written here,
    /// on the pipeline thread, in input order unless -Unordered.
    /// </summary>
    public abstract class QwenRequestCmdlet : DashScopeCmdlet
    {
        private RequestScheduler? _scheduler;
        private Action<WorkOutput>? _emit;
        private ProgressRecord? _progress;
        private bool _showProgress;

        /// <summary>
        /// How many requests may be in flight at once when several prompts or results are piped in: 1 (the default) sends
        /// them one after another, at most 64. Output still comes in input order unless -Unordered is given. When the
        /// service throttles one request (HTTP 429), all requests of the command wait as long as it asked. At an
        /// interactive console a progress bar counts the requests done, in flight and failed.
        /// </summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 1;

        /// <summary>
        /// Writes the output of each input as soon as its request has finished, instead of in input order. Useful with
        /// -ThrottleLimit above 1 when order does not matter; the Prompt property of each result tells which input it
        /// answers.
        /// </summary>
        [Parameter]
        public SwitchParameter Unordered { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _scheduler = new RequestScheduler(ThrottleLimit, ordered: !Unordered.IsPresent, StopToken);
            _emit = Emit;
            // Streamed records flow at the console; a progress bar would move the cursor under them.
            _showProgress = ThrottleLimit > 1 && IsInteractiveHost() && !WritesStreamRecords;
        }

        /// <summary>Queues the work for one input; blocks (writing output meanwhile) while the throttle limit is reached.</summary>
        protected void Submit(Func<IWorkSink, CancellationToken, Task> work)
        {
            Run(() => _scheduler!.Submit(work, _emit!));
            ShowProgress();
        }

        /// <summary>
        /// Runs the work on a worker and waits, on the pipeline thread, until it and all earlier work are done and
        /// written. For work the pipeline thread must continue afterwards (the tool-call loop runs PowerShell commands here).
        /// </summary>
        protected void SubmitAndWait(Func<IWorkSink, CancellationToken, Task> work)
        {
            Submit(work);
            Run(() => _scheduler!.CompleteAll(_emit!, FlushVerbose));
        }

        /// <summary>
        /// Adds the messages of an earlier conversation (none when <paramref name="history"/> is null); with
        /// <paramref name="replaceSystem"/> its system messages are left out, since a new -SystemPrompt replaces them.
        /// </summary>
        protected static void AddHistory(IList<QwenChatMessage> messages, IEnumerable<QwenChatMessage>? history, bool replaceSystem)
        {
            if (history == null) return;
            foreach (var message in history)
            {
                if (replaceSystem && message.Role == "system") continue;
                messages.Add(message);
            }
        }

        /// <summary>
        /// On a worker: streams the request, writing one record per event as it arrives, then the final result as
        /// <paramref name="finish"/> makes it, marked with <paramref name="streamedTypeName"/> (its text has already been shown).
        /// </summary>
        protected static async Task StreamToSinkAsync(ChatClient chat, ChatRequest request, IWorkSink sink,
            Func<QwenChatResult, object?> finish, string streamedTypeName, CancellationToken cancellation)
        {
            using (var stream = await chat.StreamAsync(request, cancellation).ConfigureAwait(false))
            {
                while (true)
                {
                    var record = await stream.ReadAsync().ConfigureAwait(false);
                    if (record == null) break;
                    await sink.WriteAsync(record).ConfigureAwait(false);
                }
                var shown = new PSObject(finish(stream.Result));
                shown.TypeNames.Insert(0, streamedTypeName);
                await sink.WriteAsync(shown).ConfigureAwait(false);
            }
        }

        /// <summary>True when this invocation writes stream records (-Stream), which show progress themselves.</summary>
        protected virtual bool WritesStreamRecords =>
            MyInvocation.BoundParameters.TryGetValue("Stream", out var stream) && stream is SwitchParameter on && on.IsPresent;

        protected override void EndProcessing()
        {
            Run(() => _scheduler!.CompleteAll(_emit!, () =>
            {
                FlushVerbose();
                ShowProgress();
            }));
            if (_progress != null)
            {
                _progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(_progress);
            }
        }

        private void Run(Action action)
        {
            try
            {
                action();
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            finally
            {
                FlushVerbose();
            }
        }

        private void Emit(WorkOutput output)
        {
            switch (output.Kind)
            {
                case WorkOutputKind.Object:
                    if (output.Value is ProgressRecord progress) WriteProgress(progress); // queued by a worker (deep research)
                    else WriteObject(output.Value);
                    break;
                case WorkOutputKind.Error:
                    WriteError((ErrorRecord)output.Value!);
                    break;
                case WorkOutputKind.Verbose:
                    WriteVerbose((string)output.Value!);
                    break;
                case WorkOutputKind.Warning:
                    WriteWarning((string)output.Value!);
                    break;
            }
        }

        private void ShowProgress()
        {
            if (!_showProgress || _scheduler == null) return;
            if (_progress == null) _progress = new ProgressRecord(0x5153, MyInvocation.MyCommand.Name, "Sending requests");
            var scheduler = _scheduler;
            _progress.StatusDescription = string.Format(System.Globalization.CultureInfo.InvariantCulture,
                "{0} done, {1} in flight, {2} failed", scheduler.Completed, scheduler.Running, scheduler.Failed);
            WriteProgress(_progress);
        }

        protected bool IsInteractiveHost()
        {
            try
            {
                return Host?.UI?.RawUI != null && string.Equals(Host.Name, "ConsoleHost", StringComparison.Ordinal) &&
                       !Console.IsOutputRedirected && Environment.UserInteractive &&
                       !Environment.GetCommandLineArgs().Any(argument => string.Equals(argument, "-NonInteractive", StringComparison.OrdinalIgnoreCase));
            }
            catch (Exception)
            {
                return false;
            }
        }

        protected override void DisposeResources()
        {
            _scheduler?.Dispose();
            base.DisposeResources();
        }
    }
}
