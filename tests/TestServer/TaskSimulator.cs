using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace DashScope.TestServer;

/// <summary>
/// The async task protocol: a POST with X-DashScope-Async: enable to a path in <see cref="Families"/> creates a task
/// (answered PENDING with its id); GET tasks/{id} moves it on by polls: PENDING at the first, RUNNING after, and at poll
/// taskpolls=N (default 3) SUCCEEDED with the family's output, or FAILED with taskfail. POST tasks/{id}/cancel cancels a
/// task that is still PENDING (400 UnsupportedOperation otherwise, as recorded); an id never issued is UNKNOWN. GET tasks
/// lists the tasks submitted with the same options key, newest first, with the recorded flat shape (epoch ms) and paging.
/// Result URLs point at this server's <see cref="ResultFiles"/> under the submission's options.
/// </summary>
public sealed class TaskSimulator
{
    private const string TasksPath = "/api/v1/tasks";
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly TimeSpan ServiceOffset = TimeSpan.FromHours(8);

    private readonly ConcurrentDictionary<string, SimulatedTask> _tasks = new(StringComparer.Ordinal);

    /// <summary>
    /// What an async family checks at submission and outputs on success. To simulate another family, add an entry: its
    /// path, whether the service also answers it synchronously, the check, the subtask count and the result.
    /// </summary>
    public sealed class Family
    {
        public required string Path { get; init; }
        public required bool AlsoSynchronous { get; init; }
        public required Func<JsonObject, string?> Check { get; init; }
        public required Func<JsonObject, int> Subtasks { get; init; }
        /// <summary>The output members and usage of a succeeded task, given the task and the base URL of its result files.</summary>
        public required Func<SimulatedTask, string, (JsonObject Output, JsonObject Usage)> Succeed { get; init; }
    }

    public static readonly IReadOnlyList<Family> Families =
    [
        new Family
        {
            Path = ServiceSimulator.EmbeddingPath,
            AlsoSynchronous = true,
            Check = body => body["input"]?["url"]?.GetValueKind() == JsonValueKind.String
                ? null
                : "Required parameter(s) missing or invalid: input.url.",
            Subtasks = _ => 0,
            Succeed = (task, results) => (
                new JsonObject { ["url"] = results + task.Id + "/output.txt.gz?Expires=1732773347&OSSAccessKeyId=test&Signature=c2lnbmVk" },
                new JsonObject { ["total_tokens"] = 28 }),
        },
        new Family
        {
            Path = "/api/v1/services/aigc/text2image/image-synthesis",
            AlsoSynchronous = false,
            Check = body => string.IsNullOrEmpty(body["input"]?["prompt"]?.GetValue<string>()) ? "Required parameter(s) missing or invalid: input.prompt."
                : body["parameters"]?["n"]?.GetValue<int>() is > 4 or < 1 ? "n should be in [1, 4]."
                : null,
            Subtasks = body => body["parameters"]?["n"]?.GetValue<int>() ?? 4,
            Succeed = (task, results) =>
            {
                // wanx2.x: each picture carries the prompt sent and, with prompt_extend (the default), the extended one;
                // failimages=K: the last K pictures fail (a partly failed task).
                var prompt = task.Body["input"]?["prompt"]?.GetValue<string>() ?? "";
                var extend = task.Body["parameters"]?["prompt_extend"]?.GetValue<bool>() ?? true;
                var made = Math.Max(0, task.Subtasks - task.FailedSubtasks);
                var items = Enumerable.Range(1, task.Subtasks).Select(n =>
                {
                    if (n > made)
                        return (JsonNode)new JsonObject { ["code"] = "DataInspectionFailed", ["message"] = "Output data may contain inappropriate content." };
                    var item = new JsonObject { ["orig_prompt"] = prompt };
                    if (extend) item["actual_prompt"] = ExtendedPrompt(prompt);
                    item["url"] = results + task.Id + "/" + n + ".png?Expires=1732773347&OSSAccessKeyId=test&Signature=c2lnbmVk";
                    return item;
                });
                return (new JsonObject { ["results"] = new JsonArray(items.ToArray()) }, new JsonObject { ["image_count"] = made });
            },
        },
        new Family
        {
            Path = "/api/v1/services/aigc/video-generation/video-synthesis",
            AlsoSynchronous = false,
            Check = body => string.IsNullOrEmpty(body["input"]?["prompt"]?.GetValue<string>()) && body["input"]?["img_url"] == null
                ? "Required parameter(s) missing or invalid: input.prompt."
                : (body["model"]?.GetValue<string>() ?? "").Contains("i2v", StringComparison.Ordinal) && body["input"]?["img_url"] == null
                    ? "Required parameter(s) missing or invalid: input.img_url."
                    : null,
            Subtasks = _ => 0,
            Succeed = (task, results) =>
            {
                var prompt = task.Body["input"]?["prompt"]?.GetValue<string>() ?? "";
                var seconds = task.Body["parameters"]?["duration"]?.GetValue<int>() ?? 5;
                var output = new JsonObject { ["orig_prompt"] = prompt };
                if (task.Body["parameters"]?["prompt_extend"]?.GetValue<bool>() ?? true) output["actual_prompt"] = ExtendedPrompt(prompt);
                output["video_url"] = results + task.Id + "/video.mp4?Expires=1732773347&OSSAccessKeyId=test&Signature=c2lnbmVk";
                return (output, new JsonObject
                {
                    ["video_count"] = 1, ["duration"] = (double)seconds, ["input_video_duration"] = 0.0, ["output_video_duration"] = (double)seconds,
                    ["fps"] = 30, ["SR"] = 720, ["ratio"] = "16:9",
                });
            },
        },
        new Family
        {
            Path = "/api/v1/services/audio/asr/transcription",
            AlsoSynchronous = false,
            Check = body => body["input"]?["file_urls"] is JsonArray { Count: > 0 } || body["input"]?["file_url"]?.GetValueKind() == JsonValueKind.String
                ? null
                : "Required parameter(s) missing or invalid: input.file_urls.",
            Subtasks = body => body["input"]?["file_urls"] is JsonArray files ? files.Count : 0,
            Succeed = (task, results) =>
            {
                var seconds = Transcription.Sentences.Length * Transcription.SentenceMilliseconds / 1000;
                if (task.Body["input"]?["file_url"] is { } single)
                {
                    // qwen3-asr-flash-filetrans: one file, output.result, usage.seconds.
                    return (new JsonObject
                    {
                        ["result"] = new JsonObject
                        {
                            ["file_url"] = single.GetValue<string>(),
                            ["transcription_url"] = results + task.Id + "/transcription-0.json",
                            ["subtask_status"] = "SUCCEEDED",
                        },
                    }, new JsonObject { ["seconds"] = seconds });
                }
                var files = (JsonArray)task.Body["input"]!["file_urls"]!;
                var items = files.Select((file, i) => (JsonNode)new JsonObject
                {
                    ["file_url"] = file!.GetValue<string>(),
                    ["transcription_url"] = results + task.Id + "/transcription-" + i + ".json",
                    ["subtask_status"] = "SUCCEEDED",
                });
                return (new JsonObject { ["results"] = new JsonArray(items.ToArray()) }, new JsonObject { ["duration"] = seconds * files.Count });
            },
        },
    ];

    /// <summary>What the simulated prompt extension makes of a prompt.</summary>
    public static string ExtendedPrompt(string prompt) => prompt + "，细节丰富，光影柔和，高清画质。";

    /// <summary>
    /// The content of a result file this simulator made (a transcript: …/{task}/transcription-{n}.json), or null for the
    /// generated bytes every other result name gets.
    /// </summary>
    public byte[]? ResultContent(string name)
    {
        var slash = name.IndexOf('/');
        if (slash < 0 || Find(name[..slash]) is not { } task) return null;
        var file = name[(slash + 1)..];
        if (!file.StartsWith("transcription-", StringComparison.Ordinal) || !file.EndsWith(".json", StringComparison.Ordinal)) return null;
        if (!int.TryParse(file["transcription-".Length..^".json".Length], NumberStyles.None, CultureInfo.InvariantCulture, out var index)) return null;
        var url = task.Body["input"]?["file_url"]?.GetValue<string>() ??
                  (task.Body["input"]?["file_urls"] as JsonArray)?.ElementAtOrDefault(index)?.GetValue<string>();
        if (url == null) return null;
        var parameters = task.Body["parameters"] as JsonObject ?? new JsonObject();
        return Encoding.UTF8.GetBytes(Transcription.Json(url, parameters["diarization_enabled"]?.GetValue<bool>() == true,
            parameters["speaker_count"]?.GetValue<int>() ?? 2).ToJsonString(Json));
    }

    public sealed class SimulatedTask
    {
        public required string Id { get; init; }
        /// <summary>The submitted body.</summary>
        public required JsonObject Body { get; init; }
        /// <summary>failimages=K: subtasks that fail while the task succeeds.</summary>
        public int FailedSubtasks { get; init; }
        public required string Key { get; init; }
        public required string Model { get; init; }
        public required Family Family { get; init; }
        public required string RequestId { get; init; }
        public required string ResultsBase { get; init; }
        public required int PollsToFinish { get; init; }
        public required bool Fail { get; init; }
        public required int Subtasks { get; init; }
        public required DateTimeOffset SubmittedAt { get; init; }
        public DateTimeOffset? ScheduledAt { get; set; }
        public DateTimeOffset? EndedAt { get; set; }
        public int Polls { get; set; }
        public string Status { get; set; } = "PENDING";
        public bool IsTerminal => Status is "SUCCEEDED" or "FAILED" or "CANCELED";
    }

    public SimulatedTask? Find(string id) => _tasks.TryGetValue(id, out var task) ? task : null;

    public void Clear() => _tasks.Clear();

    public static Family? FamilyFor(string path) => Families.FirstOrDefault(f => f.Path == path);

    public static bool HandlesTasks(string path) => path == TasksPath || path.StartsWith(TasksPath + "/", StringComparison.Ordinal);

    /// <summary>
    /// Creates the task of an async submission, or answers the family's refusal (oss:// URLs in the body need
    /// X-DashScope-OssResourceResolve: enable and must name a temporary upload, as for chat).
    /// </summary>
    public async Task SubmitAsync(HttpContext context, Family family, byte[] body, ServerOptions options, string resultsBase, string requestId,
        TemporaryUploads uploads)
    {
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            root = null;
        }
        var problem = root == null || root["model"]?.GetValueKind() != JsonValueKind.String ? "Required parameter(s) missing or invalid: model." : family.Check(root);
        if (problem == null && root != null && OssProblem(root, context.Request.Headers, uploads) is { } oss) problem = oss;
        if (problem != null)
        {
            await WriteAsync(context, 400, new JsonObject { ["request_id"] = requestId, ["code"] = "InvalidParameter", ["message"] = problem }, requestId);
            return;
        }
        var task = new SimulatedTask
        {
            Id = Guid.NewGuid().ToString(),
            Body = root!,
            FailedSubtasks = options.FailImages,
            Key = options.Key,
            Model = root!["model"]!.GetValue<string>(),
            Family = family,
            RequestId = requestId,
            ResultsBase = resultsBase,
            PollsToFinish = Math.Max(1, options.TaskPolls ?? 3),
            Fail = options.TaskFail,
            Subtasks = family.Subtasks(root),
            SubmittedAt = DateTimeOffset.UtcNow,
        };
        _tasks[task.Id] = task;
        await WriteAsync(context, 200, new JsonObject
        {
            ["output"] = new JsonObject { ["task_status"] = "PENDING", ["task_id"] = task.Id },
            ["request_id"] = requestId,
        }, requestId);
    }

    private static string? OssProblem(JsonObject root, IHeaderDictionary headers, TemporaryUploads uploads)
    {
        var resolve = string.Equals(headers["X-DashScope-OssResourceResolve"].ToString(), "enable", StringComparison.OrdinalIgnoreCase);
        foreach (var url in Strings(root).Where(text => text.StartsWith("oss://", StringComparison.OrdinalIgnoreCase)))
        {
            if (!resolve) return "The provided URL does not appear to be valid. Ensure it is correctly formatted. (oss:// resources need the header X-DashScope-OssResourceResolve: enable)";
            var key = url["oss://".Length..];
            if (key.StartsWith(TemporaryUploads.DirPrefix + "/", StringComparison.Ordinal) && !uploads.TryGet(key, out _))
                return "Download the media resource failed: " + url + " was never uploaded.";
        }
        return null;
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject map => map.SelectMany(pair => Strings(pair.Value)),
        JsonArray list => list.SelectMany(Strings),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => [value.GetValue<string>()],
        _ => [],
    };

    /// <summary>GET tasks, GET tasks/{id}, POST tasks/{id}/cancel.</summary>
    public async Task HandleAsync(HttpContext context, string path, ServerOptions options, string requestId)
    {
        var rest = path[TasksPath.Length..].Trim('/');
        var method = context.Request.Method;
        if (rest.Length == 0 && method == "GET")
        {
            await ListAsync(context, options.Key, requestId);
            return;
        }
        var parts = rest.Split('/');
        var id = Uri.UnescapeDataString(parts[0]);
        if (parts.Length == 1 && method == "GET")
        {
            await WriteAsync(context, 200, Poll(id, requestId), requestId);
            return;
        }
        if (parts.Length == 2 && parts[1] == "cancel" && method == "POST")
        {
            var task = Find(id);
            var canceled = false;
            if (task != null)
            {
                lock (task)
                {
                    canceled = task.Status == "PENDING";
                    if (canceled)
                    {
                        task.Status = "CANCELED";
                        task.EndedAt = DateTimeOffset.UtcNow;
                    }
                }
            }
            await WriteAsync(context, canceled ? 200 : 400, !canceled
                ? new JsonObject
                {
                    ["request_id"] = requestId,
                    ["code"] = "UnsupportedOperation",
                    ["message"] = "Failed to cancel the task, please confirm if the task is in PENDING status.",
                }
                : new JsonObject { ["request_id"] = requestId }, requestId);
            return;
        }
        await WriteAsync(context, 404, new JsonObject { ["request_id"] = requestId, ["code"] = "InvalidURL", ["message"] = "url error, please check url！" }, requestId);
    }

    /// <summary>One poll: moves the task on and describes it as GET tasks/{id} does.</summary>
    private JsonObject Poll(string id, string requestId)
    {
        var task = Find(id);
        if (task == null)
            return new JsonObject { ["request_id"] = requestId, ["output"] = new JsonObject { ["task_id"] = id, ["task_status"] = "UNKNOWN" } };
        lock (task)
        {
            if (!task.IsTerminal)
            {
                task.Polls++;
                var now = DateTimeOffset.UtcNow;
                if (task.Polls >= task.PollsToFinish)
                {
                    task.Status = task.Fail ? "FAILED" : "SUCCEEDED";
                    task.ScheduledAt ??= now;
                    task.EndedAt = now;
                }
                else if (task.Polls > 1)
                {
                    task.Status = "RUNNING";
                    task.ScheduledAt ??= now;
                }
            }
            var output = new JsonObject
            {
                ["task_id"] = task.Id,
                ["task_status"] = task.Status,
                ["submit_time"] = ServiceTime(task.SubmittedAt),
            };
            if (task.ScheduledAt is { } scheduled) output["scheduled_time"] = ServiceTime(scheduled);
            if (task.EndedAt is { } ended) output["end_time"] = ServiceTime(ended);
            JsonObject? usage = null;
            if (task.Status == "SUCCEEDED")
            {
                var (results, resultUsage) = task.Family.Succeed(task, task.ResultsBase);
                foreach (var (name, value) in results.ToList())
                {
                    results.Remove(name);
                    output[name] = value;
                }
                usage = resultUsage;
            }
            if (task.Status == "FAILED")
            {
                output["code"] = "InvalidParameter";
                output["message"] = "The task failed (simulated by taskfail).";
            }
            if (task.Subtasks > 0)
            {
                output["task_metrics"] = new JsonObject
                {
                    ["TOTAL"] = task.Subtasks,
                    ["SUCCEEDED"] = task.Status == "SUCCEEDED" ? task.Subtasks : 0,
                    ["FAILED"] = task.Status == "FAILED" ? task.Subtasks : 0,
                };
            }
            var answer = new JsonObject { ["request_id"] = requestId, ["output"] = output };
            if (usage != null) answer["usage"] = usage;
            return answer;
        }
    }

    private async Task ListAsync(HttpContext context, string key, string requestId)
    {
        var query = context.Request.Query;
        DateTimeOffset? Bound(string name)
        {
            var text = query[name].ToString();
            if (text.Length == 0) return null;
            return DateTime.TryParseExact(text, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
                ? new DateTimeOffset(local, ServiceOffset)
                : throw new FormatException(name + " must be yyyyMMddHHmmss, not '" + text + "'.");
        }
        DateTimeOffset? start, end;
        int page, size;
        try
        {
            start = Bound("start_time");
            end = Bound("end_time");
            page = query.ContainsKey("page_no") ? int.Parse(query["page_no"]!, CultureInfo.InvariantCulture) : 1;
            size = query.ContainsKey("page_size") ? int.Parse(query["page_size"]!, CultureInfo.InvariantCulture) : 10;
        }
        catch (FormatException exception)
        {
            await WriteAsync(context, 400, new JsonObject { ["request_id"] = requestId, ["code"] = "InvalidParameter", ["message"] = exception.Message }, requestId);
            return;
        }
        var model = query["model_name"].ToString();
        var status = query["status"].ToString();
        var matching = _tasks.Values
            .Where(t => t.Key == key)
            .Where(t => start == null || WholeSeconds(t.SubmittedAt) >= start.Value)
            .Where(t => end == null || WholeSeconds(t.SubmittedAt) <= end.Value)
            .Where(t => model.Length == 0 || t.Model == model)
            .Where(t => status.Length == 0 || t.Status == status)
            .OrderByDescending(t => t.SubmittedAt)
            .ToList();
        var data = new JsonArray(matching.Skip((page - 1) * size).Take(size).Select(t => (JsonNode)ListEntry(t)).ToArray());
        await WriteAsync(context, 200, new JsonObject
        {
            ["total"] = matching.Count,
            ["data"] = data,
            ["total_page"] = Math.Max(1, (matching.Count + size - 1) / size),
            ["page_no"] = page,
            ["request_id"] = requestId,
            ["page_size"] = size,
        }, requestId);
    }

    /// <summary>The filters name whole seconds.</summary>
    private static DateTimeOffset WholeSeconds(DateTimeOffset time) => time.AddTicks(-(time.Ticks % TimeSpan.TicksPerSecond));

    private static JsonObject ListEntry(SimulatedTask task)
    {
        var entry = new JsonObject
        {
            ["api_key_id"] = "42677",
            ["caller_parent_id"] = "1493478651020171",
            ["caller_uid"] = "1493478651020171",
        };
        if (task.EndedAt is { } ended) entry["end_time"] = ended.ToUnixTimeMilliseconds();
        entry["gmt_create"] = task.SubmittedAt.ToUnixTimeMilliseconds();
        entry["model_name"] = task.Model;
        entry["region"] = "cn-beijing";
        entry["request_id"] = task.RequestId;
        if (task.ScheduledAt is { } scheduled) entry["start_time"] = scheduled.ToUnixTimeMilliseconds();
        entry["status"] = task.Status;
        entry["task_id"] = task.Id;
        entry["user_api_unique_key"] = "apikey:v1:test:" + task.Model;
        return entry;
    }

    /// <summary>"2024-03-01 17:38:24.817": Beijing time without an offset, as the service writes task times.</summary>
    public static string ServiceTime(DateTimeOffset time) => time.ToOffset(ServiceOffset).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body, string requestId)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json;charset=UTF-8";
        context.Response.Headers["x-request-id"] = requestId;
        await context.Response.WriteAsync(body.ToJsonString(Json), Encoding.UTF8, context.RequestAborted);
    }
}
