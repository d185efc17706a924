using System;
using System.Linq;
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

        /// <summary>Most requests in flight at once for the pipeline input (1: one after another).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 1;

        /// <summary>Write each input's output as soon as it finishes instead of in input order.</summary>
        [Parameter]
        public SwitchParameter Unordered { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _scheduler = new RequestScheduler(ThrottleLimit, ordered: !Unordered.IsPresent, StopToken);
            _emit = Emit;
            _showProgress = ThrottleLimit > 1 && IsInteractiveHost();
        }

        /// <summary>Queues the work for one input; blocks (writing output meanwhile) while the throttle limit is reached.</summary>
        protected void Submit(Func<IWorkSink, CancellationToken, Task> work)
        {
            Run(() => _scheduler!.Submit(work, _emit!));
            ShowProgress();
        }

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
                    WriteObject(output.Value);
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

        private bool IsInteractiveHost()
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
