using System;
using System.Collections.Generic;
using System.Text.Json;
using DashScope.Json;
using DashScope.Models;
using DashScope.Streaming;

namespace DashScope.Tasks
{
    /// <summary>Reads tasks from submit answers, GET tasks/{id} answers and task list entries.</summary>
    internal static class QwenTaskDecoder
    {
        /// <summary>A submit or GET tasks/{id} answer: {"request_id", "output":{"task_id","task_status",…}, "usage"}.</summary>
        public static QwenTask Decode(JsonElement root, string? requestId)
        {
            var task = new QwenTask { RequestId = requestId };
            if (root.TryGet("output", out var output) && output.ValueKind == JsonValueKind.Object)
            {
                task.TaskId = output.GetStringOrNull("task_id") ?? string.Empty;
                SetStatus(task, output.GetStringOrNull("task_status"));
                task.SubmitTime = ServiceTime.Parse(output.GetStringOrNull("submit_time"));
                task.ScheduledTime = ServiceTime.Parse(output.GetStringOrNull("scheduled_time"));
                task.EndTime = ServiceTime.Parse(output.GetStringOrNull("end_time"));
                if (output.TryGet("task_metrics", out var metrics) && metrics.ValueKind == JsonValueKind.Object)
                {
                    task.Metrics = new QwenTaskMetrics
                    {
                        Total = metrics.GetIntOrNull("TOTAL") ?? 0,
                        Succeeded = metrics.GetIntOrNull("SUCCEEDED") ?? 0,
                        Failed = metrics.GetIntOrNull("FAILED") ?? 0,
                    };
                }
                task.Code = NonEmpty(output.GetStringOrNull("code"));
                task.Message = NonEmpty(output.GetStringOrNull("message"));
                if (output.ToPlainValue() is IDictionary<string, object?> plain)
                {
                    task.Output = plain;
                    var urls = new List<Uri>();
                    CollectResultUrls(plain, urls);
                    task.ResultUrls = urls;
                }
            }
            else
            {
                SetStatus(task, null);
            }
            if (root.TryGet("usage", out var usage) && usage.ValueKind == JsonValueKind.Object) task.Usage = GenerationChunkDecoder.ReadUsage(usage);
            return task;
        }

        /// <summary>The answer to a submission, which must name the new task.</summary>
        /// <summary>The answer to a submission for <paramref name="model"/>, which the answer does not name.</summary>
        public static QwenTask DecodeSubmitted(JsonElement root, string? requestId, string path, string model)
        {
            var task = DecodeSubmitted(root, requestId, path);
            task.Model = model;
            return task;
        }

        public static QwenTask DecodeSubmitted(JsonElement root, string? requestId, string path)
        {
            var task = Decode(root, requestId);
            if (task.TaskId.Length == 0)
                throw new DashScopeException(DashScopeErrorKind.Protocol,
                    "DashScope accepted the task for " + path + " but sent no task id (request id " + (requestId ?? "none") + ").");
            return task;
        }

        /// <summary>An entry of GET tasks: flat, status under "status", times in epoch milliseconds.</summary>
        public static QwenTask DecodeListItem(JsonElement item)
        {
            var task = new QwenTask
            {
                TaskId = item.GetStringOrNull("task_id") ?? string.Empty,
                Model = item.GetStringOrNull("model_name"),
                SubmitTime = FromEpochMilliseconds(item, "gmt_create"),
                ScheduledTime = FromEpochMilliseconds(item, "start_time"),
                EndTime = FromEpochMilliseconds(item, "end_time"),
                RequestId = item.GetStringOrNull("request_id"),
            };
            SetStatus(task, item.GetStringOrNull("status") ?? item.GetStringOrNull("task_status"));
            return task;
        }

        /// <summary>Members that name a result file (results[].url, video_url, transcription_url, ...); file_url names an input.</summary>
        private static readonly HashSet<string> ResultUrlNames = new HashSet<string>(StringComparer.Ordinal)
        {
            "url", "video_url", "image_url", "transcription_url",
        };

        private static void CollectResultUrls(object? value, List<Uri> urls)
        {
            switch (value)
            {
                case IDictionary<string, object?> map:
                    foreach (var pair in map)
                    {
                        if (ResultUrlNames.Contains(pair.Key) && pair.Value is string text && Uri.TryCreate(text, UriKind.Absolute, out var url) &&
                            (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
                            urls.Add(url);
                        else
                            CollectResultUrls(pair.Value, urls);
                    }
                    break;
                case IList<object?> list:
                    foreach (var item in list) CollectResultUrls(item, urls);
                    break;
            }
        }

        public static QwenTaskStatus ParseStatus(string? text)
        {
            switch (text?.ToUpperInvariant())
            {
                case "PENDING": return QwenTaskStatus.Pending;
                case "RUNNING": return QwenTaskStatus.Running;
                case "SUSPENDED": return QwenTaskStatus.Suspended;
                case "SUCCEEDED": return QwenTaskStatus.Succeeded;
                case "FAILED": return QwenTaskStatus.Failed;
                case "CANCELED":
                case "CANCELLED": return QwenTaskStatus.Canceled;
                default: return QwenTaskStatus.Unknown;
            }
        }

        private static void SetStatus(QwenTask task, string? text)
        {
            task.StatusText = text;
            task.Status = ParseStatus(text);
        }

        private static DateTimeOffset? FromEpochMilliseconds(JsonElement item, string name) =>
            item.TryGet(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var milliseconds)
                ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).ToOffset(ServiceTime.Offset)
                : (DateTimeOffset?)null;

        private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
    }
}
