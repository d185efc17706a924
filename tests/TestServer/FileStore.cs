using System.Collections.Concurrent;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace DashScope.TestServer;

/// <summary>
/// The OpenAI-compatible files API (/compatible-mode/v1/files): multipart upload with purpose file-extract (ids file-fe-)
/// or batch (ids file-batch-), list (after, limit, purpose; has_more), get, content (batch output files only, ids
/// file-batch_output-, as the service allows), delete, with OpenAI-shaped errors. Files are kept in memory, one store per
/// test id (id=... option), so tests do not see each other's files.
/// </summary>
public sealed class FileStore
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, StoredFile>> _stores = new();
    private long _sequence;

    public sealed class StoredFile
    {
        public required string Id { get; init; }
        public required string FileName { get; init; }
        public required string Purpose { get; init; }
        public required byte[] Content { get; init; }
        public required long CreatedAt { get; init; }
        public required long Sequence { get; init; }
    }

    public ConcurrentDictionary<string, StoredFile> For(string key) => _stores.GetOrAdd(key, _ => new ConcurrentDictionary<string, StoredFile>());

    /// <summary>Finds a file by id in the store of this key.</summary>
    public StoredFile? Find(string key, string id) => For(key).TryGetValue(id, out var file) ? file : null;

    public static bool Handles(string path) => path.StartsWith("/compatible-mode/v1/files", StringComparison.Ordinal);

    public async Task HandleAsync(HttpContext context, string path, byte[] body, string key, int? pageSize, string requestId)
    {
        var store = For(key);
        var rest = path["/compatible-mode/v1/files".Length..].Trim('/');
        var method = context.Request.Method;
        context.Response.Headers["x-request-id"] = requestId;

        if (rest.Length == 0 && method == "POST")
        {
            await UploadAsync(context, body, store);
            return;
        }
        if (rest.Length == 0 && method == "GET")
        {
            var after = context.Request.Query["after"].ToString();
            var purpose = context.Request.Query["purpose"].ToString();
            var limit = int.TryParse(context.Request.Query["limit"], out var l) ? l : pageSize ?? 20;
            var ordered = store.Values.OrderBy(f => f.Sequence).Where(f => purpose.Length == 0 || f.Purpose == purpose).ToList();
            if (after.Length > 0)
            {
                var position = ordered.FindIndex(f => f.Id == after);
                ordered = position < 0 ? new List<StoredFile>() : ordered.Skip(position + 1).ToList();
            }
            var page = ordered.Take(limit).ToList();
            var list = new JsonObject
            {
                ["object"] = "list",
                ["data"] = new JsonArray(page.Select(f => (JsonNode)Describe(f)).ToArray()),
                ["has_more"] = ordered.Count > page.Count,
            };
            await WriteAsync(context, 200, list);
            return;
        }
        var id = rest.Split('/')[0];
        if (!store.TryGetValue(id, out var file))
        {
            await ErrorAsync(context, 404, "File not found: " + id, "invalid_request_error", null, "file_not_found");
            return;
        }
        if (rest.EndsWith("/content", StringComparison.Ordinal) && method == "GET")
        {
            if (!id.StartsWith(OutputPrefix, StringComparison.Ordinal))
            {
                await ErrorAsync(context, 403, "Only batch output files (" + OutputPrefix + "…) can be downloaded.", "invalid_request_error", null, "file_not_downloadable");
                return;
            }
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/octet-stream";
            await context.Response.Body.WriteAsync(file.Content);
            return;
        }
        switch (method)
        {
            case "GET":
                await WriteAsync(context, 200, Describe(file));
                return;
            case "DELETE":
                store.TryRemove(id, out _);
                await WriteAsync(context, 200, new JsonObject { ["id"] = id, ["object"] = "file", ["deleted"] = true });
                return;
            default:
                await ErrorAsync(context, 405, "Method not allowed.", "invalid_request_error", null, null);
                return;
        }
    }

    private async Task UploadAsync(HttpContext context, byte[] body, ConcurrentDictionary<string, StoredFile> store)
    {
        var contentType = context.Request.ContentType ?? "";
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || !media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            await ErrorAsync(context, 400, "The request must be multipart/form-data.", "invalid_request_error", null, null);
            return;
        }
        var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value ?? "";
        var reader = new MultipartReader(boundary, new MemoryStream(body));
        string? purpose = null, fileName = null;
        byte[]? content = null;
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync()) != null)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
            using var buffer = new MemoryStream();
            await section.Body.CopyToAsync(buffer);
            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
            if (name == "purpose") purpose = Encoding.UTF8.GetString(buffer.ToArray());
            else if (name == "file")
            {
                fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "file";
                content = buffer.ToArray();
            }
        }
        if (purpose is not ("file-extract" or "batch"))
        {
            await ErrorAsync(context, 400, "'purpose' must be 'file-extract' or 'batch'", "invalid_request_error", "purpose", null);
            return;
        }
        if (content == null)
        {
            await ErrorAsync(context, 400, "'file' is required", "invalid_request_error", "file", null);
            return;
        }
        var sequence = Interlocked.Increment(ref _sequence);
        var file = new StoredFile
        {
            Id = (purpose == "batch" ? "file-batch-" : "file-fe-") + Guid.NewGuid().ToString("n")[..24],
            FileName = fileName!,
            Purpose = purpose,
            Content = content,
            CreatedAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            Sequence = sequence,
        };
        store[file.Id] = file;
        await WriteAsync(context, 200, Describe(file));
    }

    /// <summary>The id prefix of batch output and error files, the only files whose content can be downloaded.</summary>
    public const string OutputPrefix = "file-batch_output-";

    /// <summary>Stores a batch's output or error file (as the service writes them) and returns it.</summary>
    public StoredFile AddOutput(string key, string fileName, byte[] content)
    {
        var file = new StoredFile
        {
            Id = OutputPrefix + Guid.NewGuid().ToString("n")[..24],
            FileName = fileName,
            Purpose = "batch_output",
            Content = content,
            CreatedAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            Sequence = Interlocked.Increment(ref _sequence),
        };
        For(key)[file.Id] = file;
        return file;
    }

    private static JsonObject Describe(StoredFile file) => new()
    {
        ["id"] = file.Id,
        ["object"] = "file",
        ["bytes"] = file.Content.Length,
        ["filename"] = file.FileName,
        ["purpose"] = file.Purpose,
        ["status"] = "processed",
        ["created_at"] = file.CreatedAt,
    };

    private static async Task WriteAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(Json), Encoding.UTF8);
    }

    private static Task ErrorAsync(HttpContext context, int status, string message, string type, string? param, string? code) =>
        WriteAsync(context, status, new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = param, ["code"] = code },
        });
}
