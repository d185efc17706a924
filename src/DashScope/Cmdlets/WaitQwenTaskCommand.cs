using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using DashScope.Models;
using DashScope.Tasks;

namespace DashScope.Cmdlets
{
    /// <summary>Waits until DashScope tasks have finished and writes them.</summary>
    /// <remarks>
    /// <para>
    /// Wait-QwenTask polls each task (GET /tasks/{id}) until it has ended and writes it as a QwenTask as soon as it is
    /// done: Status, the times, Usage, ResultUrls (the result files: images, video, transcripts, for 24 hours) and
    /// Output (everything the service said). Task ids come from the first argument or the pipeline: the QwenTask
    /// objects of New-QwenImage -NoWait, New-QwenVideo -NoWait and Get-QwenTask bind to -InputObject (the model they name
    /// is kept: the service's answer does not repeat it), other results by their TaskId.
    /// </para>
    /// <para>
    /// All given tasks are waited for at once; waiting costs a timer between polls, not a thread. Polls follow the
    /// official SDK's schedule: at once, then after 1, 1, 2, 2, 2, 4, 4, 4 and then every 5 seconds (-PollIntervalSec
    /// sets the first interval; the others grow from it). A throttled poll (HTTP 429) waits as long as the service asks,
    /// and so do the other polls; a poll that fails with a server error is simply repeated.
    /// </para>
    /// <para>
    /// A task that FAILED is an error with the service's code and message (the task is the error's TargetObject); an
    /// id the service does not know (wrong, or ended more than 24 hours ago) is a DashScope.TaskNotFound error. A
    /// CANCELED task is written like a finished one. -TimeoutSec limits how long each task is waited for: a task still
    /// running then is a DashScope.WaitTaskTimeout error, and it goes on at the service.
    /// </para>
    /// <para>
    /// At an interactive console a progress bar shows the status of the tasks and the time waited. Ctrl+C stops the
    /// waiting only, never the tasks: the command says which tasks go on and how to wait for them again (Wait-QwenTask
    /// -Id ...). Stop-QwenTask cancels a task that has not started.
    /// </para>
    /// </remarks>
    /// <example>
    /// <code>
    /// $task = New-QwenImage 'A lighthouse at dawn, watercolour' -Model wan2.2-t2i-flash -NoWait
    /// $done = $task | Wait-QwenTask
    /// $done.ResultUrls
    /// </code>
    /// <para>Submits a picture as a task, waits for it, and lists the URLs of the finished images.</para>
    /// </example>
    /// <example>
    /// <code>
    /// $tasks = 'a red fox', 'a grey wolf', 'a brown bear' | New-QwenImage -Model wan2.2-t2i-flash -NoWait
    /// $tasks | Wait-QwenTask -TimeoutSec 600 | Format-Table TaskId, Status, EndTime
    /// </code>
    /// <para>Waits for three tasks at once and shows each as it finishes.</para>
    /// </example>
    /// <example>
    /// <code>
    /// $id = (New-QwenVideo 'Waves rolling onto a beach at sunset' -NoWait).TaskId
    /// Wait-QwenTask -Id $id -PollIntervalSec 5
    /// </code>
    /// <para>Waits for a task by its id, polling less often (videos take minutes).</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Wait, "QwenTask", DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(QwenTask))]
    public sealed class WaitQwenTaskCommand : QwenTaskCmdlet
    {
        private const int ActivityId = 0x5153;

        private readonly List<Waiting> _waiting = new List<Waiting>();
        private readonly WaitingTasks _tracker = new WaitingTasks();
        private readonly Stopwatch _watch = new Stopwatch();
        private TaskWaitOptions? _options;
        private bool _showProgress;
        private bool _progressShown;
        private int _done;

        /// <summary>
        /// Seconds between the first polls (default 1); the interval doubles every third poll up to 5 seconds, or up to
        /// this value when it is larger.
        /// </summary>
        [Parameter]
        [ValidateRange(0.05, 3600.0)]
        public double PollIntervalSec { get; set; } = 1;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _options = TaskWaits.Options(PollIntervalSec, TimeoutSec);
            _showProgress = IsInteractiveHost();
            _watch.Start();
        }

        protected override void ProcessRecord()
        {
            foreach (var (id, known) in Targets())
            {
                if (_waiting.Any(waiting => waiting.TaskId == id)) continue;
                var entry = new Waiting(id);
                entry.Task = KeepKnown(Tasks.WaitAsync(id, _options, entry, StopToken), known);
                _waiting.Add(entry);
                _tracker.Add(id);
            }
            WriteFinished();
        }

        protected override void EndProcessing()
        {
            while (_waiting.Count > 0)
            {
                // Wakes at least once a second (four times where a progress bar shows the status), for the bar and verbose lines.
                Task.WaitAny(_waiting.Select(waiting => (Task)waiting.Task!).ToArray(), _showProgress ? 250 : 1000);
                WriteFinished();
                FlushVerbose();
            }
            if (_progressShown)
                WriteProgress(new ProgressRecord(ActivityId, MyInvocation.MyCommand.Name, "Done") { RecordType = ProgressRecordType.Completed });
        }

        private static async Task<QwenTask> KeepKnown(Task<QwenTask> waiting, QwenTask? known) =>
            (await waiting.ConfigureAwait(false)).KeepKnown(known);

        protected override void StopProcessing()
        {
            _tracker.ReportStopped(Host);
            base.StopProcessing();
        }

        private void WriteFinished()
        {
            for (var i = 0; i < _waiting.Count; i++)
            {
                var entry = _waiting[i];
                if (!entry.Task!.IsCompleted) continue;
                _waiting.RemoveAt(i--);
                _tracker.Remove(entry.TaskId);
                _done++;
                QwenTask task;
                try
                {
                    task = Await(entry.Task);
                }
                catch (DashScopeException failure)
                {
                    WriteError(ErrorRecords.From(failure, entry.TaskId));
                    continue;
                }
                var failed = task.Status == QwenTaskStatus.Canceled ? null : TaskOutcome.Failure(task);
                if (failed != null) WriteError(ErrorRecords.From(failed, task));
                else WriteObject(task);
            }
            ShowProgress();
        }

        private void ShowProgress()
        {
            if (!_showProgress || _waiting.Count == 0) return;
            string status;
            if (_waiting.Count == 1 && _done == 0)
            {
                status = WaitingTasks.Describe(_waiting[0].TaskId, _waiting[0].Last, _watch.Elapsed);
            }
            else
            {
                var states = _waiting.GroupBy(waiting => waiting.Last?.StatusText ?? "SUBMITTED")
                    .Select(group => group.Count().ToString(CultureInfo.InvariantCulture) + " " + group.Key);
                status = string.Format(CultureInfo.InvariantCulture, "{0} waiting ({1}), {2} done, {3:0} s",
                    _waiting.Count, string.Join(", ", states), _done, _watch.Elapsed.TotalSeconds);
            }
            _progressShown = true;
            WriteProgress(new ProgressRecord(ActivityId, MyInvocation.MyCommand.Name, status));
        }

        /// <summary>One task waited for, and what its last poll said.</summary>
        private sealed class Waiting : IProgress<QwenTask>
        {
            private volatile QwenTask? _last;

            public Waiting(string taskId)
            {
                TaskId = taskId;
            }

            public string TaskId { get; }

            public Task<QwenTask>? Task { get; set; }

            public QwenTask? Last => _last;

            public void Report(QwenTask value) => _last = value;
        }
    }
}
