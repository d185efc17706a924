using System.Globalization;
using DashScope.Models;

namespace DashScope.Tasks
{
    /// <summary>How a finished task ended, as the error a command reports when it did not succeed.</summary>
    public static class TaskOutcome
    {
        /// <summary>
        /// Null for a task that succeeded (or has not ended); otherwise the failure to report, the task as its partial
        /// result: FAILED with the service's code and message, CANCELED, or UNKNOWN (no such task, or expired).
        /// </summary>
        public static DashScopeException? Failure(QwenTask task)
        {
            switch (task.Status)
            {
                case QwenTaskStatus.Failed:
                    var code = task.Code ?? "TaskFailed";
                    return new DashScopeException(DashScopeErrorKind.Service,
                        string.Format(CultureInfo.InvariantCulture, "Task {0} failed: {1}{2}", task.TaskId, code, task.Message == null ? string.Empty : ": " + task.Message),
                        null, code, task.Message, task.RequestId)
                    {
                        PartialResult = task,
                    };
                case QwenTaskStatus.Canceled:
                    return new DashScopeException(DashScopeErrorKind.Service, "Task " + task.TaskId + " was canceled; it has no result.",
                        null, "TaskCanceled", null, task.RequestId)
                    {
                        PartialResult = task,
                    };
                case QwenTaskStatus.Unknown:
                    return new DashScopeException(DashScopeErrorKind.Service,
                        "DashScope knows no task " + task.TaskId + ": the id is wrong, or the task ended more than 24 hours ago (the service keeps tasks that long).",
                        null, null, null, task.RequestId)
                    {
                        ErrorId = "TaskNotFound",
                        PartialResult = task,
                    };
                default:
                    return null;
            }
        }
    }
}
