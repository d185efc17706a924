using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace DashScope.TestServer;

/// <summary>
/// The Batch API (/compatible-mode/v1/batches) as protocol-services.md §12 and the recordings describe it. A batch is
/// created validating; each GET moves it on: the first validates the input file line by line (failed, with errors.data
/// naming each bad line, or in_progress with total = lines), the poll before batchpolls=N (default 3) is finalizing, and
/// poll N completes it: the output and error files are computed from the input lines (answers as the compatible chat and
/// embeddings simulators give them; a prompt with #fail fails its line) and written in an order that is not the input's.
/// batchexpire ends it expired instead (the second half of the lines unrun). POST …/cancel turns it cancelling (its
/// times null, as recorded); the next GET finds it cancelled, every line failed in the error file. Lists are newest first
/// and filtered by ds_name (substring), input_file_ids, status and create_after/create_before (yyyyMMddHHmmss, UTC+8),
/// paged with after/limit (pagesize=N sets the default limit), "data":null when nothing matches.
/// </summary>
public sealed class BatchSimulator
{
    public const string Prefix = "/compatible-mode/v1/batches";

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly string[] Urls = ["/v1/chat/completions", "/v1/embeddings", "/v1/chat/ds-test"];
    private static readonly TimeSpan ServiceOffset = TimeSpan.FromHours(8);

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Batch>> _stores = new();
    private long _sequence;

    public sealed class Batch
    {
        public required string Id { get; init; }
        public required long Sequence { get; init; }
        public required string InputFileId { get; init; }
        public required string Endpoint { get; init; }
        public required string Window { get; init; }
        public required JsonObject? Metadata { get; init; }
        public required long CreatedAt { get; init; }
        public required int CompleteAtPoll { get; init; }
        public required bool Expire { get; init; }
        public string Status { get; set; } = "validating";
        public int Polls { get; set; }
        public int Total { get; set; }
        public int Completed { get; set; }
        public int Failed { get; set; }
        public long? InProgressAt { get; set; }
        public long? FinalizingAt { get; set; }
        public long? CompletedAt { get; set; }
        public long? FailedAt { get; set; }
        public long? ExpiredAt { get; set; }
        public long? CancellingAt { get; set; }
        public long? CancelledAt { get; set; }
        public JsonArray? Errors { get; set; }
        public string? OutputFileId { get; set; }
        public string? ErrorFileId { get; set; }
    }

    public static bool Handles(string path) => path == Prefix || path.StartsWith(Prefix + "/", StringComparison.Ordinal);

    /// <summary>The batches of a test id, for tests that look behind the API.</summary>
    public ConcurrentDictionary<string, Batch> For(string key) => _stores.GetOrAdd(key, _ => new ConcurrentDictionary<string, Batch>());

    public void Clear() => _stores.Clear();

    public async Task HandleAsync(HttpContext context, string path, byte[] body, ServerOptions options, FileStore files, string requestId)
    {
        var store = For(options.Id);
        var rest = path[Prefix.Length..].Trim('/');
        var method = context.Request.Method;
        context.Response.Headers["x-request-id"] = requestId;
        if (rest.Length == 0 && method == "POST")
        {
            await CreateAsync(context, body, options, files, store);
            return;
        }
        if (rest.Length == 0 && method == "GET")
        {
            await WriteAsync(context, 200, List(context.Request.Query, options, store));
            return;
        }
        var parts = rest.Split('/');
        if (!store.TryGetValue(parts[0], out var batch))
        {
            await ErrorAsync(context, 404, "invalid_request_error", "not_found", "Batch '" + parts[0] + "' not found.");
            return;
        }
        if (parts.Length == 2 && parts[1] == "cancel" && method == "POST")
        {
            bool cancelling;
            lock (batch)
            {
                cancelling = batch.Status is not ("completed" or "failed" or "expired" or "cancelled");
                if (cancelling) batch.Status = "cancelling";
            }
            if (!cancelling)
            {
                await ErrorAsync(context, 400, "invalid_request_error", "invalid_status", "Batch " + batch.Id + " is " + batch.Status + " and cannot be cancelled.");
                return;
            }
            await WriteAsync(context, 200, Describe(batch));
            return;
        }
        if (parts.Length == 1 && method == "GET")
        {
            lock (batch) Advance(batch, options.Id, files);
            await WriteAsync(context, 200, Describe(batch));
            return;
        }
        await ErrorAsync(context, 405, "invalid_request_error", "method_not_allowed", "Method not allowed.");
    }

    private async Task CreateAsync(HttpContext context, byte[] body, ServerOptions options, FileStore files, ConcurrentDictionary<string, Batch> store)
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
        var inputFileId = root?["input_file_id"]?.GetValue<string>();
        var endpoint = root?["endpoint"]?.GetValue<string>();
        var window = root?["completion_window"]?.GetValue<string>();
        if (inputFileId == null || files.Find(options.Id, inputFileId) is not { } input)
        {
            await ErrorAsync(context, 400, "invalid_request_error", "invalid_parameter", "input_file_id '" + inputFileId + "' was not found.");
            return;
        }
        if (input.Purpose != "batch")
        {
            await ErrorAsync(context, 400, "invalid_request_error", "invalid_parameter", "The file " + inputFileId + " was not uploaded with purpose batch.");
            return;
        }
        if (endpoint == null || !Urls.Contains(endpoint))
        {
            await ErrorAsync(context, 400, "invalid_request_error", "invalid_parameter", "endpoint must be one of " + string.Join(", ", Urls) + ".");
            return;
        }
        if (window == null || !System.Text.RegularExpressions.Regex.IsMatch(window, "^[0-9]+[hd]$"))
        {
            await ErrorAsync(context, 400, "invalid_request_error", "invalid_parameter", "completion_window must be like 24h or 14d.");
            return;
        }
        var batch = new Batch
        {
            Id = "batch_" + Guid.NewGuid(),
            Sequence = Interlocked.Increment(ref _sequence),
            InputFileId = inputFileId,
            Endpoint = endpoint,
            Window = window,
            Metadata = root!["metadata"]?.DeepClone() as JsonObject,
            CreatedAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            CompleteAtPoll = Math.Max(1, options.BatchPolls ?? 3),
            Expire = options.BatchExpire,
        };
        store[batch.Id] = batch;
        await WriteAsync(context, 200, Describe(batch));
    }

    /// <summary>One poll's worth of progress.</summary>
    private static void Advance(Batch batch, string key, FileStore files)
    {
        batch.Polls++;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        switch (batch.Status)
        {
            case "cancelling":
                // Nothing ran yet: every line fails, and the error file says so.
                var lines = InputLines(files.Find(key, batch.InputFileId));
                var cancelled = lines.Select((line, index) => ErrorLine(CustomIdOf(line), "batch_cancelled", "The batch was cancelled before this request ran.", 400)).ToList();
                batch.Total = lines.Count;
                batch.Completed = 0;
                batch.Failed = lines.Count;
                if (cancelled.Count > 0) batch.ErrorFileId = files.AddOutput(key, batch.Id + "_error.jsonl", Jsonl(cancelled)).Id;
                batch.Status = "cancelled";
                batch.CancellingAt = now;
                batch.CancelledAt = now;
                return;
            case "validating":
                Validate(batch, files.Find(key, batch.InputFileId), now);
                if (batch.Status != "in_progress" || batch.Polls < batch.CompleteAtPoll) return;
                break;
            case "in_progress":
                if (batch.Polls < batch.CompleteAtPoll - 1) return;
                if (batch.Polls == batch.CompleteAtPoll - 1)
                {
                    batch.Status = "finalizing";
                    batch.FinalizingAt = now;
                    return;
                }
                break;
            case "finalizing":
                if (batch.Polls < batch.CompleteAtPoll) return;
                break;
            default:
                return;
        }
        Complete(batch, key, files, now);
    }

    private static void Validate(Batch batch, FileStore.StoredFile? input, long now)
    {
        var lines = InputLines(input);
        var errors = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Count && errors.Count < 100; i++)
        {
            JsonObject? line;
            try
            {
                line = JsonNode.Parse(lines[i]) as JsonObject;
            }
            catch (JsonException)
            {
                line = null;
            }
            var url = line?["url"]?.GetValue<string>();
            var model = line?["body"]?["model"]?.GetValue<string>();
            var customId = line?["custom_id"]?.GetValue<string>();
            (string Code, string Message, string Param)? error =
                line == null ? ("invalid_json_line", "The line is not a JSON object.", "line")
                : url == null || !Urls.Contains(url) ? ("url_not_found", "The provided url '" + url + "' is not supported by the Batch API.", "url")
                : model == "batch-test-model" && url != "/v1/chat/ds-test" ? ("mismatched_test_url", "The provided URL '" + url + "' does not match the test model 'batch-test-model'.", "url")
                : url != batch.Endpoint ? ("mismatched_url", "The provided url '" + url + "' does not match the batch's endpoint '" + batch.Endpoint + "'.", "url")
                : customId == null || !seen.Add(customId) ? ("duplicate_custom_id", "The custom_id '" + customId + "' is missing or used before.", "custom_id")
                : null;
            if (error is var (code, message, param))
                errors.Add(new JsonObject { ["code"] = code, ["message"] = message, ["param"] = param, ["line"] = i + 1 });
        }
        if (lines.Count == 0) errors.Add(new JsonObject { ["code"] = "empty_file", ["message"] = "The input file has no lines.", ["param"] = "input_file_id", ["line"] = null });
        if (errors.Count > 0)
        {
            batch.Status = "failed";
            batch.Errors = errors;
            batch.FailedAt = now;
            return;
        }
        batch.Status = "in_progress";
        batch.InProgressAt = now;
        batch.Total = lines.Count;
    }

    /// <summary>Runs every line and writes the output and error files, in an order that is not the input's.</summary>
    private static void Complete(Batch batch, string key, FileStore files, long now)
    {
        var lines = InputLines(files.Find(key, batch.InputFileId));
        var outputs = new List<(string CustomId, string Line)>();
        var errors = new List<(string CustomId, string Line)>();
        var runnable = batch.Expire ? lines.Count / 2 : lines.Count;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = (JsonObject)JsonNode.Parse(lines[i])!;
            var customId = line["custom_id"]!.GetValue<string>();
            if (i >= runnable)
            {
                errors.Add((customId, ErrorLine(customId, "batch_expired", "The batch expired before this request ran.", 400)));
                continue;
            }
            var requestId = Guid.NewGuid().ToString();
            var (answer, failure) = batch.Endpoint == "/v1/embeddings"
                ? CompatibleServiceSimulator.Embeddings(line["body"], requestId)
                : CompatibleChatSimulator.AnswerLine(line["body"], requestId);
            if (failure is { } error) errors.Add((customId, ErrorLine(customId, error.Code, error.Message, error.Status, requestId, error.Type)));
            else outputs.Add((customId, OutputLine(customId, answer!, requestId)));
        }
        batch.Completed = outputs.Count;
        batch.Failed = errors.Count;
        if (outputs.Count > 0) batch.OutputFileId = files.AddOutput(key, batch.Id + "_success.jsonl", Jsonl(Shuffled(outputs))).Id;
        if (errors.Count > 0) batch.ErrorFileId = files.AddOutput(key, batch.Id + "_error.jsonl", Jsonl(Shuffled(errors))).Id;
        batch.FinalizingAt ??= now;
        if (batch.Expire)
        {
            batch.Status = "expired";
            batch.ExpiredAt = now;
        }
        else
        {
            batch.Status = "completed";
            batch.CompletedAt = now;
        }
    }

    /// <summary>Lines in an order fixed by a hash of their custom_id: stable, and not the input's.</summary>
    private static List<string> Shuffled(List<(string CustomId, string Line)> lines) =>
        lines.OrderBy(line => BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(line.CustomId)))).Select(line => line.Line).ToList();

    private static string OutputLine(string customId, string body, string requestId) => new JsonObject
    {
        ["id"] = requestId,
        ["custom_id"] = customId,
        ["response"] = new JsonObject { ["status_code"] = 200, ["request_id"] = requestId, ["body"] = JsonNode.Parse(body) },
        ["error"] = null,
    }.ToJsonString(Json);

    private static string ErrorLine(string customId, string code, string message, int status, string? requestId = null, string type = "invalid_request_error")
    {
        requestId ??= Guid.NewGuid().ToString();
        return new JsonObject
        {
            ["id"] = requestId,
            ["custom_id"] = customId,
            ["response"] = new JsonObject
            {
                ["status_code"] = status,
                ["request_id"] = requestId,
                ["body"] = new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["type"] = type, ["param"] = null } },
            },
            ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
        }.ToJsonString(Json);
    }

    private static string CustomIdOf(string line)
    {
        try
        {
            return JsonNode.Parse(line)?["custom_id"]?.GetValue<string>() ?? "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private static List<string> InputLines(FileStore.StoredFile? file) =>
        file == null ? new List<string>() : Encoding.UTF8.GetString(file.Content).Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToList();

    private static byte[] Jsonl(IEnumerable<string> lines) => Encoding.UTF8.GetBytes(string.Concat(lines.Select(line => line + "\n")));

    private static JsonObject List(IQueryCollection query, ServerOptions options, ConcurrentDictionary<string, Batch> store)
    {
        var name = query["ds_name"].ToString();
        var inputFiles = query["input_file_ids"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
        var statuses = query["status"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
        var after = ServiceTime(query["create_after"].ToString());
        var before = ServiceTime(query["create_before"].ToString());
        var limit = int.TryParse(query["limit"], out var l) ? l : options.PageSize ?? 20;
        var matching = store.Values.OrderByDescending(b => b.Sequence).Where(b =>
            (name.Length == 0 || (b.Metadata?["ds_name"]?.GetValue<string>() ?? "").Contains(name, StringComparison.Ordinal)) &&
            (inputFiles.Length == 0 || inputFiles.Contains(b.InputFileId)) &&
            (statuses.Length == 0 || statuses.Contains(b.Status)) &&
            (after == null || b.CreatedAt >= after) &&
            (before == null || b.CreatedAt < before)).ToList();
        var start = query["after"].ToString();
        if (start.Length > 0)
        {
            var position = matching.FindIndex(b => b.Id == start);
            matching = position < 0 ? new List<Batch>() : matching.Skip(position + 1).ToList();
        }
        var page = matching.Take(limit).ToList();
        return new JsonObject
        {
            ["object"] = "list",
            ["data"] = page.Count == 0 ? null : new JsonArray(page.Select(b => (JsonNode)Describe(b)).ToArray()),
            ["first_id"] = page.Count == 0 ? null : page[0].Id,
            ["last_id"] = page.Count == 0 ? null : page[^1].Id,
            ["has_more"] = matching.Count > page.Count,
        };
    }

    /// <summary>yyyyMMddHHmmss in UTC+8 as epoch seconds; null when absent.</summary>
    private static long? ServiceTime(string text) =>
        DateTime.TryParseExact(text, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? new DateTimeOffset(time, ServiceOffset).ToUnixTimeSeconds()
            : null;

    public static JsonObject Describe(Batch batch) => new()
    {
        ["id"] = batch.Id,
        ["object"] = "batch",
        ["endpoint"] = batch.Endpoint,
        ["errors"] = batch.Errors == null ? null : new JsonObject { ["object"] = "list", ["data"] = batch.Errors.DeepClone() },
        ["input_file_id"] = batch.InputFileId,
        ["completion_window"] = batch.Window,
        ["status"] = batch.Status,
        ["output_file_id"] = batch.OutputFileId,
        ["error_file_id"] = batch.ErrorFileId,
        ["created_at"] = batch.CreatedAt,
        ["in_progress_at"] = batch.InProgressAt,
        ["expires_at"] = null,
        ["finalizing_at"] = batch.FinalizingAt,
        ["completed_at"] = batch.CompletedAt,
        ["failed_at"] = batch.FailedAt,
        ["expired_at"] = batch.ExpiredAt,
        ["cancelling_at"] = batch.CancellingAt,
        ["cancelled_at"] = batch.CancelledAt,
        ["request_counts"] = new JsonObject { ["total"] = batch.Total, ["completed"] = batch.Completed, ["failed"] = batch.Failed },
        ["metadata"] = batch.Metadata?.DeepClone(),
    };

    private static async Task WriteAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json;charset=UTF-8";
        await context.Response.WriteAsync(body.ToJsonString(Json), Encoding.UTF8);
    }

    private static Task ErrorAsync(HttpContext context, int status, string type, string code, string message) =>
        WriteAsync(context, status, new JsonObject
        {
            ["error"] = new JsonObject { ["code"] = code, ["param"] = null, ["message"] = message, ["type"] = type },
            ["request_id"] = context.Response.Headers["x-request-id"].ToString(),
        });
}
