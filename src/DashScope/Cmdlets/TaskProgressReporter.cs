using System;
using System.Diagnostics;
using DashScope.Execution;
using DashScope.Models;

namespace DashScope.Cmdlets
{
    /// <summary>
    /// A worker's view of one task it waits for: each poll updates a progress bar with the status and the time waited
    /// (only where a person watches), and the task is known to <see cref="WaitingTasks"/> while it runs.
    /// </summary>
    internal sealed class TaskProgressReporter : IProgress<QwenTask>, IDisposable
    {
        private readonly IWorkSink _sink;
        private readonly WaitingTasks _waiting;
        private readonly string _taskId;
        private readonly string _activity;
        private readonly bool _show;
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private bool _shown;

        public TaskProgressReporter(IWorkSink sink, WaitingTasks waiting, string taskId, string activity, bool show)
        {
            _sink = sink;
            _waiting = waiting;
            _taskId = taskId;
            _activity = activity;
            _show = show;
            waiting.Add(taskId);
        }

        private int ActivityId => InputProgressIds.For(InputProgressIds.Task, _sink.Index);

        public void Report(QwenTask value)
        {
            if (!_show) return;
            _shown = true;
            _sink.Progress(new WorkProgress(ActivityId, _activity, WaitingTasks.Describe(_taskId, value, _watch.Elapsed)));
        }

        /// <summary>The wait is over (done, failed or stopped): the bar goes, and Ctrl+C no longer mentions the task.</summary>
        public void Dispose()
        {
            _waiting.Remove(_taskId);
            if (_shown) _sink.Progress(new WorkProgress(ActivityId, _activity, "Done") { Completed = true });
        }
    }
}
