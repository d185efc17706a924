using System.Management.Automation.Host;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Execution;
using DashScope.Models;
using DashScope.Tasks;

namespace DashScope.Cmdlets
{
    /// <summary>
    /// How a command that submits tasks waits for them from its workers: polls on the command's schedule, a progress bar
    /// per task where a person watches, a failed task written as an error, and on Ctrl+C a word on how to pick the
    /// tasks up again.
    /// </summary>
    internal sealed class TaskWaiter
    {
        private readonly WaitingTasks _waiting = new WaitingTasks();
        private readonly TaskClient _tasks;
        private readonly TaskWaitOptions _options;
        private readonly string _activity;
        private readonly bool _show;

        public TaskWaiter(TaskClient tasks, double pollIntervalSec, int timeoutSec, string activity, bool show)
        {
            _tasks = tasks;
            _options = TaskWaits.Options(pollIntervalSec, timeoutSec);
            _activity = activity;
            _show = show;
        }

        /// <summary>Waits until the task has ended; a task that failed is an error about <paramref name="target"/>, and null.</summary>
        public async Task<QwenTask?> WaitAsync(IWorkSink sink, QwenTask submitted, object? target, CancellationToken cancellation)
        {
            QwenTask done;
            using (var reporter = new TaskProgressReporter(sink, _waiting, submitted.TaskId, _activity, _show))
            {
                done = (await _tasks.WaitAsync(submitted.TaskId, _options, reporter, cancellation).ConfigureAwait(false)).KeepKnown(submitted);
            }
            if (TaskOutcome.Failure(done) is { } failed)
            {
                sink.Error(failed, target);
                return null;
            }
            return done;
        }

        /// <summary>From StopProcessing: the tasks go on at the service; says so, and how to wait for them again.</summary>
        public void ReportStopped(PSHost? host) => _waiting.ReportStopped(host);
    }
}
