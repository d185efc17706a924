using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Execution;

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
        private TaskWaiter? _waiter;

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

        /// <summary>
        /// The protocol requests go out in: Native (DashScope's own) or Compatible (the OpenAI-compatible
        /// chat/completions, on DashScope's /compatible-mode/v1 beside the native base, or on the server -BaseUri names).
        /// Without it: the Connect-DashScope -Protocol default, else the base URI's path (/compatible-mode/v1 and /v1 are
        /// compatible). Results, streams, tools and errors are the same either way; web search, thinking budgets and OCR
        /// tasks exist only on DashScope. Models the catalog marks compatible-only (the omni family) use the compatible
        /// protocol anyway.
        /// </summary>
        [Parameter]
        public DashScope.Catalog.ModelProtocol? Protocol { get; set; }

        protected override DashScope.Catalog.ModelProtocol? RequestedProtocol => Protocol;

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
        /// The waiter for the tasks this command submits from its workers (polls every <paramref name="pollIntervalSec"/>
        /// at first, -TimeoutSec in all; a bar where a person watches); on Ctrl+C it says how to pick them up again.
        /// </summary>
        internal TaskWaiter CreateTaskWaiter(DashScope.Client.DashScopeClient client, double pollIntervalSec, bool showProgress) =>
            _waiter = new TaskWaiter(new DashScope.Tasks.TaskClient(client), pollIntervalSec, TimeoutSec, MyInvocation.MyCommand.Name, showProgress);

        protected override void StopProcessing()
        {
            _waiter?.ReportStopped(Host);
            base.StopProcessing();
        }

        /// <summary>True when this invocation writes stream records (-Stream), which show progress themselves.</summary>
        protected virtual bool WritesStreamRecords => false;

        protected override void EndProcessing()
        {
            CompleteSubmitted(ShowProgress, RequestScheduler.DefaultIdleMilliseconds);
            if (_progress != null)
            {
                // The final counts, then the bar goes away.
                ShowProgress();
                WriteProgress(new ProgressRecord(_progress.ActivityId, _progress.Activity, _progress.StatusDescription) { RecordType = ProgressRecordType.Completed });
            }
        }

        /// <summary>
        /// Waits (writing output meanwhile) until the work submitted so far is done; <paramref name="onIdle"/> runs on the
        /// pipeline thread at least every <paramref name="idleMilliseconds"/> ms (an interactive command watching for keys).
        /// </summary>
        protected void CompleteSubmitted(Action onIdle, int idleMilliseconds)
        {
            Run(() => _scheduler!.CompleteAll(_emit!, () =>
            {
                FlushVerbose();
                onIdle();
            }, idleMilliseconds));
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
                    WriteWorkObject(output.Value);
                    break;
                case WorkOutputKind.Error:
                    WriteWorkError((WorkError)output.Value!);
                    break;
                case WorkOutputKind.Progress:
                    WriteProgress(ToProgressRecord((WorkProgress)output.Value!));
                    break;
                case WorkOutputKind.Verbose:
                    WriteVerbose((string)output.Value!);
                    break;
                case WorkOutputKind.Warning:
                    WriteWarning((string)output.Value!);
                    break;
            }
        }

        /// <summary>On the pipeline thread: an object a worker wrote. Written to the pipeline, unless a cmdlet shows it itself.</summary>
        protected virtual void WriteWorkObject(object? value) => WriteObject(value);

        /// <summary>On the pipeline thread: a worker's failure, written as a non-terminating error.</summary>
        protected virtual void WriteWorkError(WorkError error) => WriteError(ErrorRecords.From(error));

        private static ProgressRecord ToProgressRecord(WorkProgress progress) => new ProgressRecord(progress.ActivityId, progress.Activity, progress.Status)
        {
            CurrentOperation = progress.CurrentOperation,
            PercentComplete = progress.PercentComplete,
            SecondsRemaining = progress.SecondsRemaining,
            RecordType = progress.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        };

        private void ShowProgress()
        {
            if (!_showProgress || _scheduler == null) return;
            var scheduler = _scheduler;
            // A new record each time: hosts may keep the ones they were given.
            _progress = new ProgressRecord(0x5153, MyInvocation.MyCommand.Name, string.Format(System.Globalization.CultureInfo.InvariantCulture,
                "{0} done, {1} in flight, {2} failed", scheduler.Completed, scheduler.Running, scheduler.Failed));
            WriteProgress(_progress);
        }

        protected override void DisposeResources()
        {
            _scheduler?.Dispose();
            base.DisposeResources();
        }
    }
}
