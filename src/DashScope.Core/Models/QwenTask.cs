using System;
using System.Collections.Generic;

namespace DashScope.Models
{
    /// <summary>
    /// An async task of the service (image and video generation, batch embeddings, transcription, …) as last seen.
    /// The service keeps it, and its result URLs, for 24 hours after it ends.
    /// </summary>
    public sealed class QwenTask
    {
        public string TaskId { get; set; } = string.Empty;

        public QwenTaskStatus Status { get; set; }

        /// <summary>The status as the service spelled it (a status this client does not know is reported as Unknown).</summary>
        public string? StatusText { get; set; }

        /// <summary>
        /// True once the task will not change any more: succeeded, failed, canceled or unknown (a status this client does
        /// not know counts as unknown, so waiting stops instead of running on forever).
        /// </summary>
        public bool IsTerminal => IsTerminalStatus(Status);

        /// <summary>The model that runs it (task lists name it; single task answers do not).</summary>
        public string? Model { get; set; }

        public DateTimeOffset? SubmitTime { get; set; }

        public DateTimeOffset? ScheduledTime { get; set; }

        public DateTimeOffset? EndTime { get; set; }

        public QwenTaskMetrics? Metrics { get; set; }

        /// <summary>Why the task failed (FAILED only; the HTTP status of the answer stays 200).</summary>
        public string? Code { get; set; }

        public string? Message { get; set; }

        /// <summary>Usage, sent once the task succeeded.</summary>
        public QwenUsage? Usage { get; set; }

        /// <summary>The request id of the answer this was read from (in a task list: of the request that submitted it).</summary>
        public string? RequestId { get; set; }

        /// <summary>
        /// The result files of a succeeded task (images, video, transcripts, batch results), for 24 hours. Download them
        /// without the API key.
        /// </summary>
        public IReadOnlyList<Uri> ResultUrls { get; set; } = Array.Empty<Uri>();

        /// <summary>The answer's output object as plain values (dictionaries, lists, strings, numbers), for families to read their results from.</summary>
        public IDictionary<string, object?> Output { get; set; } = new Dictionary<string, object?>();

        /// <summary>
        /// Fills in what a single-task answer leaves out (the model) from an earlier view of the same task, such as the
        /// task a submission returned or a task list's entry.
        /// </summary>
        public QwenTask KeepKnown(QwenTask? earlier)
        {
            if (earlier != null && earlier.TaskId == TaskId && string.IsNullOrEmpty(Model)) Model = earlier.Model;
            return this;
        }

        public static bool IsTerminalStatus(QwenTaskStatus status) =>
            status == QwenTaskStatus.Succeeded || status == QwenTaskStatus.Failed ||
            status == QwenTaskStatus.Canceled || status == QwenTaskStatus.Unknown;

        public override string ToString() =>
            TaskId + " " + (StatusText ?? Status.ToString().ToUpperInvariant()) + (Code == null ? string.Empty : " " + Code + ": " + Message);
    }
}
