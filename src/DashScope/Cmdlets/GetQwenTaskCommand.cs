using System;
using System.Management.Automation;
using DashScope.Models;
using DashScope.Tasks;

namespace DashScope.Cmdlets
{
    /// <summary>Gets DashScope tasks by id, or lists the account's tasks.</summary>
    /// <remarks>
    /// <para>
    /// With -Id, piped ids, or piped tasks (QwenTask objects bind to -InputObject and keep the model the answer does not
    /// repeat; other results bind by their TaskId) Get-QwenTask gets each task as it is now (GET
    /// /tasks/{id}): Status, the times (Beijing time, as the service keeps them), Metrics, Usage, ResultUrls and the
    /// whole Output once it succeeded, or Code and Message once it failed. An id the service does not know (wrong, or
    /// ended more than 24 hours ago) is a non-terminating DashScope.TaskNotFound error.
    /// </para>
    /// <para>
    /// Given no task, it lists the tasks of the account (GET /tasks), newest first, page after page (Select-Object -First
    /// stops early). -Status, -Model, -After and -Before filter the list; without -After and -Before the service lists
    /// the last 24 hours. List entries carry the model and times but no results: get a task by id for those.
    /// </para>
    /// </remarks>
    /// <example>
    /// <code>
    /// $task = New-QwenImage 'A paper boat on a pond' -Model wan2.2-t2i-flash -NoWait
    /// Get-QwenTask -Id $task.TaskId
    /// </code>
    /// <para>Shows where a task is now (PENDING, RUNNING, SUCCEEDED, ...).</para>
    /// </example>
    /// <example>
    /// <code>Get-QwenTask -Status Running</code>
    /// <para>Lists the tasks of the last 24 hours that are still running.</para>
    /// </example>
    /// <example>
    /// <code>Get-QwenTask -Model wan2.2-t2i-flash -After (Get-Date).AddHours(-2) | Select-Object -First 5 | Get-QwenTask</code>
    /// <para>Lists the picture tasks of the last two hours and gets the first five in full (with their results).</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "QwenTask", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(QwenTask))]
    public sealed class GetQwenTaskCommand : QwenTaskCmdlet
    {
        private const string ListSet = "List";

        /// <summary>Lists only tasks with this status: Pending, Running, Succeeded, Failed or Canceled.</summary>
        [Parameter(ParameterSetName = ListSet)]
        public QwenTaskStatus? Status { get; set; }

        /// <summary>Lists only tasks of this model, e.g. wan2.2-t2i-flash.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public string? Model { get; set; }

        /// <summary>Lists only tasks submitted at or after this time (to the second).</summary>
        [Parameter(ParameterSetName = ListSet)]
        public DateTime? After { get; set; }

        /// <summary>Lists only tasks submitted before this time (to the second).</summary>
        [Parameter(ParameterSetName = ListSet)]
        public DateTime? Before { get; set; }

        /// <summary>Tasks per request while listing (the service's default: 10).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, 100)]
        public int? PageSize { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (Status == QwenTaskStatus.Unknown || Status == QwenTaskStatus.Suspended)
                ThrowTerminatingError(ErrorRecords.InvalidInput("The task list filters by Pending, Running, Succeeded, Failed or Canceled, not " + Status + ".", "InvalidStatus", Status));
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName != ListSet)
            {
                foreach (var (id, known) in Targets())
                {
                    if (!TryCall(token => Tasks.GetAsync(id, token), id, out var task)) continue;
                    task.KeepKnown(known);
                    if (task.Status == QwenTaskStatus.Unknown) WriteError(ErrorRecords.From(TaskOutcome.Failure(task)!, id));
                    else WriteObject(task);
                }
                return;
            }

            var filter = new TaskListFilter
            {
                Status = Status,
                Model = Model,
                StartTime = After.HasValue ? new DateTimeOffset(After.Value) : (DateTimeOffset?)null,
                EndTime = Before.HasValue ? new DateTimeOffset(Before.Value) : (DateTimeOffset?)null,
                PageSize = PageSize,
            };
            for (var page = 1; ; page++)
            {
                filter.PageNumber = page;
                QwenTaskPage listed;
                try
                {
                    listed = Await(Tasks.ListAsync(filter, StopToken));
                }
                catch (DashScopeException failure)
                {
                    ThrowTerminatingError(ErrorRecords.From(failure, null));
                    return;
                }
                foreach (var task in listed.Items) WriteObject(task);
                if (!listed.HasMore || listed.Items.Count == 0) return;
            }
        }
    }
}
