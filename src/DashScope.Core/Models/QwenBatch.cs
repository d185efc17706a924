using System;
using System.Collections.Generic;

namespace DashScope.Models
{
    /// <summary>
    /// A Batch API job: many requests from one uploaded JSONL file, run by the service within the completion window at
    /// half the price. Wait for it with Wait-QwenBatch and take its results with Receive-QwenBatch, by this object or by
    /// its Id alone; the service keeps it for 30 days.
    /// </summary>
    public sealed class QwenBatch
    {
        /// <summary>The batch id, e.g. batch_5b57e198-203e-49c8-bcc3-65e997d51754.</summary>
        public string Id { get; set; } = string.Empty;

        public QwenBatchStatus Status { get; set; }

        /// <summary>The status as the service spelled it.</summary>
        public string? StatusText { get; set; }

        /// <summary>True once the batch will not change any more: completed, failed, expired or cancelled (or a status this client does not know).</summary>
        public bool IsTerminal => IsTerminalStatus(Status);

        /// <summary>What its lines call: /v1/chat/completions or /v1/embeddings.</summary>
        public string? Endpoint { get; set; }

        /// <summary>ds_name: the name given with -Name.</summary>
        public string? Name { get; set; }

        /// <summary>ds_description: the description given with -Description.</summary>
        public string? Description { get; set; }

        public QwenBatchCounts RequestCounts { get; set; } = new QwenBatchCounts();

        public string? InputFileId { get; set; }

        /// <summary>The results of the lines that succeeded (once completed).</summary>
        public string? OutputFileId { get; set; }

        /// <summary>The lines that failed, when any did.</summary>
        public string? ErrorFileId { get; set; }

        /// <summary>Why validation failed, line by line; empty otherwise.</summary>
        public IList<QwenBatchError> Errors { get; set; } = new List<QwenBatchError>();

        /// <summary>How long the service may take, e.g. 24h.</summary>
        public string? CompletionWindow { get; set; }

        public DateTimeOffset? CreatedAt { get; set; }
        public DateTimeOffset? InProgressAt { get; set; }
        public DateTimeOffset? ExpiresAt { get; set; }
        public DateTimeOffset? FinalizingAt { get; set; }
        public DateTimeOffset? CompletedAt { get; set; }
        public DateTimeOffset? FailedAt { get; set; }
        public DateTimeOffset? ExpiredAt { get; set; }
        public DateTimeOffset? CancellingAt { get; set; }
        public DateTimeOffset? CancelledAt { get; set; }

        /// <summary>The metadata as the service keeps it (ds_name, ds_description, ...).</summary>
        public IDictionary<string, string> Metadata { get; set; } = new Dictionary<string, string>();

        /// <summary>The request id of the answer this was read from.</summary>
        public string? RequestId { get; set; }

        public static bool IsTerminalStatus(QwenBatchStatus status) =>
            status == QwenBatchStatus.Completed || status == QwenBatchStatus.Failed || status == QwenBatchStatus.Expired ||
            status == QwenBatchStatus.Cancelled || status == QwenBatchStatus.Unknown;

        public override string ToString() => Id + " " + (StatusText ?? Status.ToString()) + " " + RequestCounts;
    }
}
