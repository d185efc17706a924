using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace DashScope.TestServer;

/// <summary>
/// The temporary-upload flow of the service, on loopback: GET uploads?action=getPolicy answers a policy
/// shaped like the recorded one whose upload_host is this server's fake storage ({prefix}/_oss/); the
/// storage checks the multipart POST as OSS would (policy fields before the file, the policy's values,
/// no Authorization header) and keeps the file, so tests can check what arrived and requests can refer
/// to it as oss://{key}.
/// </summary>
public sealed class TemporaryUploads
{
    public const string AccessKeyId = "test-access-key-id";
    public const string Bucket = "dashscope-instant";
    public const string DirPrefix = Bucket + "/testserver";

    private readonly ConcurrentDictionary<string, string> _policies = new(); // upload_dir -> policy text
    private readonly ConcurrentDictionary<string, StoredFile> _files = new(StringComparer.Ordinal);

    public sealed record StoredFile(string Key, string FileName, string? ContentType, long Size, string Sha256, byte[] Bytes);

    public bool TryGet(string key, out StoredFile file) => _files.TryGetValue(key, out file!);

    public IEnumerable<StoredFile> Files => _files.Values;

    public void Clear()
    {
        _policies.Clear();
        _files.Clear();
    }

    /// <summary>The getPolicy answer; <paramref name="uploadHost"/> is where this server's storage listens.</summary>
    public string PolicyBody(string model, string uploadHost, string requestId)
    {
        var dir = DirPrefix + "/" + DateTime.UtcNow.ToString("yyyy-MM-dd") + "/" + requestId;
        var policyJson = new JsonObject
        {
            ["expiration"] = DateTime.UtcNow.AddMinutes(5).ToString("yyyy-MM-ddTHH:mm:ss.fffZ"),
            ["conditions"] = new JsonArray(
                new JsonArray("content-length-range", 0, 1073741824),
                new JsonArray("starts-with", "$key", dir),
                new JsonObject { ["bucket"] = "dashscope-file-mgr" },
                new JsonObject { ["x-oss-object-acl"] = "private" },
                new JsonObject { ["x-oss-forbid-overwrite"] = "true" }),
        };
        var policy = Convert.ToBase64String(Encoding.UTF8.GetBytes(policyJson.ToJsonString()));
        _policies[dir] = policy;
        var data = new JsonObject
        {
            ["policy"] = policy,
            ["signature"] = Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes(policy + model))),
            ["upload_dir"] = dir,
            ["upload_host"] = uploadHost,
            ["expire_in_seconds"] = 300,
            ["max_file_size_mb"] = 1024,
            ["capacity_limit_mb"] = 999999999,
            ["oss_access_key_id"] = AccessKeyId,
            ["x_oss_object_acl"] = "private",
            ["x_oss_forbid_overwrite"] = "true",
        };
        return new JsonObject { ["data"] = data, ["request_id"] = requestId }.ToJsonString();
    }

    /// <summary>Handles POST {prefix}/_oss/: checks the form like OSS, stores the file, logs a summary.</summary>
    public async Task HandleStorageAsync(HttpContext context, ServerOptions options, RequestLog log)
    {
        var request = context.Request;
        var fields = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string? error = null;
        StoredFile? stored = null;
        string? fileName = null;
        byte[]? fileBytes = null;
        string? fileType = null;

        if (request.Method != "POST") error = "MethodNotAllowed|Only POST uploads are simulated.";
        else if (request.Headers.ContainsKey("Authorization")) error = "InvalidArgument|Authorization header and POST policy form cannot both be given.";
        else if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            error = "InvalidArgument|The body must be multipart/form-data.";
        else
        {
            var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value ?? "";
            var reader = new MultipartReader(boundary, request.Body);
            MultipartSection? section;
            while ((section = await reader.ReadNextSectionAsync(context.RequestAborted)) != null)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                fields.Add(name);
                if (fileBytes != null && error == null) error = "InvalidArgument|The file must be the last part of the form; '" + name + "' came after it.";
                if (name == "file")
                {
                    fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                    fileType = section.ContentType;
                    using var buffer = new MemoryStream();
                    await section.Body.CopyToAsync(buffer, context.RequestAborted);
                    fileBytes = buffer.ToArray();
                }
                else
                {
                    using var text = new StreamReader(section.Body, Encoding.UTF8);
                    values[name] = await text.ReadToEndAsync(context.RequestAborted);
                }
            }

            if (error == null) error = Check(values, fileBytes);
            if (error == null)
            {
                var key = values["key"];
                stored = new StoredFile(key, fileName ?? "", values.GetValueOrDefault("x-oss-content-type") ?? fileType, fileBytes!.Length,
                    Convert.ToHexString(SHA256.HashData(fileBytes)), fileBytes);
                if (!_files.TryAdd(key, stored)) { error = "FileAlreadyExists|The object you specified already exists and can not be overwritten."; stored = null; }
            }
        }

        var summary = new JsonObject
        {
            ["fields"] = new JsonArray(fields.Select(f => (JsonNode)JsonValue.Create(f)!).ToArray()),
            ["values"] = new JsonObject(values.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)JsonValue.Create(v.Value)))),
            ["fileName"] = fileName,
            ["size"] = fileBytes?.Length,
            ["sha256"] = fileBytes == null ? null : Convert.ToHexString(SHA256.HashData(fileBytes)),
            ["error"] = error,
        };
        log.Add(new LoggedRequest
        {
            Id = options.Key,
            Method = request.Method,
            Path = "/_oss/",
            Headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase) ? "(present)" : h.Value.ToString()),
            Body = summary.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
            ReceivedAt = DateTimeOffset.Now,
        });

        var requestId = Guid.NewGuid().ToString("N").ToUpperInvariant()[..24];
        context.Response.Headers["x-oss-request-id"] = requestId;
        if (error != null)
        {
            var parts = error.Split('|', 2);
            context.Response.StatusCode = parts[0] == "FileAlreadyExists" ? 409 : parts[0] == "MethodNotAllowed" ? 405 : 400;
            context.Response.ContentType = "application/xml";
            await context.Response.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n  <Code>" + parts[0] + "</Code>\n  <Message>" +
                System.Security.SecurityElement.Escape(parts[1]) + "</Message>\n  <RequestId>" + requestId + "</RequestId>\n  <HostId>127.0.0.1</HostId>\n</Error>\n");
            return;
        }
        context.Response.StatusCode = values.GetValueOrDefault("success_action_status") == "200" ? 200 : 204;
    }

    private string? Check(Dictionary<string, string> values, byte[]? file)
    {
        foreach (var required in new[] { "OSSAccessKeyId", "Signature", "policy", "key" })
        {
            if (!values.ContainsKey(required)) return "InvalidArgument|The form lacks the field '" + required + "' (before the file).";
        }
        if (file == null) return "InvalidArgument|The form has no file part.";
        if (values["OSSAccessKeyId"] != AccessKeyId) return "InvalidAccessKeyId|The OSS Access Key Id you provided does not exist in our records.";
        var key = values["key"];
        var slash = key.LastIndexOf('/');
        if (slash <= 0 || slash == key.Length - 1) return "InvalidArgument|The key must be {upload_dir}/{file name}.";
        var dir = key[..slash];
        if (!_policies.TryGetValue(dir, out var policy)) return "AccessDenied|Invalid according to Policy: Policy Condition failed: [\"starts-with\", \"$key\", ...]";
        if (values["policy"] != policy) return "SignatureDoesNotMatch|The policy does not match the one issued for this upload_dir.";
        if (values.TryGetValue("x-oss-forbid-overwrite", out var forbid) && forbid != "true") return "AccessDenied|Invalid according to Policy: x-oss-forbid-overwrite.";
        return null;
    }
}
