using System;
using System.Collections.Generic;
using System.Text.Json;
using DashScope.Json;
using DashScope.Models;

namespace DashScope.Batches
{
    /// <summary>Reads batch objects (create, get, cancel answers and list entries): epoch-second times, null members, errors.data.</summary>
    internal static class QwenBatchDecoder
    {
        public static QwenBatch Decode(JsonElement item, string? requestId)
        {
            var status = item.GetStringOrNull("status");
            var batch = new QwenBatch
            {
                Id = item.GetStringOrNull("id") ?? string.Empty,
                StatusText = status,
                Status = StatusOf(status),
                Endpoint = item.GetStringOrNull("endpoint"),
                InputFileId = item.GetStringOrNull("input_file_id"),
                OutputFileId = item.GetStringOrNull("output_file_id"),
                ErrorFileId = item.GetStringOrNull("error_file_id"),
                CompletionWindow = item.GetStringOrNull("completion_window"),
                CreatedAt = Time(item, "created_at"),
                InProgressAt = Time(item, "in_progress_at"),
                ExpiresAt = Time(item, "expires_at"),
                FinalizingAt = Time(item, "finalizing_at"),
                CompletedAt = Time(item, "completed_at"),
                FailedAt = Time(item, "failed_at"),
                ExpiredAt = Time(item, "expired_at"),
                CancellingAt = Time(item, "cancelling_at"),
                CancelledAt = Time(item, "cancelled_at"),
                RequestId = requestId,
            };
            if (item.TryGet("request_counts", out var counts) && counts.ValueKind == JsonValueKind.Object)
            {
                batch.RequestCounts = new QwenBatchCounts
                {
                    Total = counts.GetIntOrNull("total") ?? 0,
                    Completed = counts.GetIntOrNull("completed") ?? 0,
                    Failed = counts.GetIntOrNull("failed") ?? 0,
                };
            }
            if (item.TryGet("errors", out var errors) && errors.TryGet("data", out var data) && data.ValueKind == JsonValueKind.Array)
            {
                foreach (var error in data.EnumerateArray())
                {
                    batch.Errors.Add(new QwenBatchError
                    {
                        Code = error.GetStringOrNull("code"),
                        Message = error.GetStringOrNull("message"),
                        Param = error.GetStringOrNull("param"),
                        Line = error.GetIntOrNull("line"),
                    });
                }
            }
            if (item.TryGet("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in metadata.EnumerateObject())
                {
                    if (entry.Value.ValueKind == JsonValueKind.String) batch.Metadata[entry.Name] = entry.Value.GetString()!;
                }
                batch.Name = batch.Metadata.TryGetValue("ds_name", out var name) ? name : null;
                batch.Description = batch.Metadata.TryGetValue("ds_description", out var description) ? description : null;
            }
            return batch;
        }

        /// <summary>A list answer: {"data":[…]|null, "first_id", "last_id", "has_more"}.</summary>
        public static QwenBatchPage DecodePage(JsonElement root, string? requestId)
        {
            var items = new List<QwenBatch>();
            if (root.TryGet("data", out var data) && data.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in data.EnumerateArray()) items.Add(Decode(item, requestId));
            }
            return new QwenBatchPage
            {
                Items = items,
                FirstId = root.GetStringOrNull("first_id"),
                LastId = root.GetStringOrNull("last_id"),
                HasMore = root.TryGet("has_more", out var more) && more.ValueKind == JsonValueKind.True,
            };
        }

        public static QwenBatchStatus StatusOf(string? text)
        {
            switch (text)
            {
                case "validating": return QwenBatchStatus.Validating;
                case "in_progress": return QwenBatchStatus.InProgress;
                case "finalizing": return QwenBatchStatus.Finalizing;
                case "completed": return QwenBatchStatus.Completed;
                case "failed": return QwenBatchStatus.Failed;
                case "expired": return QwenBatchStatus.Expired;
                case "cancelling": return QwenBatchStatus.Cancelling;
                case "cancelled": return QwenBatchStatus.Cancelled;
                default: return QwenBatchStatus.Unknown;
            }
        }

        /// <summary>The status as list filters spell it.</summary>
        public static string WireName(QwenBatchStatus status) =>
            status == QwenBatchStatus.InProgress ? "in_progress" : status.ToString().ToLowerInvariant();

        private static DateTimeOffset? Time(JsonElement item, string name) =>
            item.TryGet(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : (DateTimeOffset?)null;
    }
}
