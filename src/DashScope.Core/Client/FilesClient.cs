using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Json;
using DashScope.Models;

namespace DashScope.Client
{
    /// <summary>
    /// The compatible-mode files API (/compatible-mode/v1/files): upload (multipart, purpose file-extract), list,
    /// get, delete. File ids are used as fileid://id by qwen-long.
    /// </summary>
    public sealed class FilesClient
    {
        public const string DefaultPurpose = "file-extract";

        /// <summary>Document types qwen-long reads (by extension).</summary>
        public static readonly IReadOnlyCollection<string> DocumentExtensions = new[]
        {
            ".txt", ".doc", ".docx", ".pdf", ".xlsx", ".xls", ".epub", ".mobi", ".md", ".markdown", ".csv", ".json", ".html", ".htm",
        };

        /// <summary>The largest document the service accepts (150 MB).</summary>
        public const long MaximumDocumentBytes = 150L * 1024 * 1024;

        private readonly DashScopeClient _client;

        public FilesClient(DashScopeClient client)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
        }

        /// <summary>Throws an InvalidInput error when the file is not a document qwen-long can read (before anything is sent).</summary>
        public static void EnsureDocument(string path)
        {
            var extension = Path.GetExtension(path).ToLowerInvariant();
            var known = false;
            foreach (var candidate in DocumentExtensions) known |= candidate == extension;
            if (!known)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                    "'" + Path.GetFileName(path) + "' is not a document type qwen-long reads (" + (extension.Length == 0 ? "no extension" : extension) +
                    "). Supported: " + string.Join(", ", DocumentExtensions) + ". For images use a vision model.");
            var length = new FileInfo(path).Length;
            if (length == 0)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "'" + Path.GetFileName(path) + "' is empty.");
            if (length > MaximumDocumentBytes)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                    "'" + Path.GetFileName(path) + "' has " + length + " bytes; documents may have at most 150 MB.");
        }

        public Task<QwenFile> UploadAsync(string path, string purpose, CancellationToken cancellationToken) =>
            UploadAsync(path, purpose, null, cancellationToken);

        /// <summary>Uploads a file (streamed from disk), reporting the bytes sent so far to <paramref name="progress"/>.</summary>
        public async Task<QwenFile> UploadAsync(string path, string purpose, IProgress<long>? progress, CancellationToken cancellationToken)
        {
            var name = Path.GetFileName(path);
            var body = await _client.SendCompatibleAsync(HttpMethod.Post, "files", written =>
            {
                // RFC 7578: the raw UTF-8 file name in the quoted string, as curl and browsers send it.
                var form = new Utf8MultipartContent { Written = written };
                form.SetFile("file", path, name, MediaTypeOf(path));
                form.AddField("purpose", purpose);
                return form;
            }, progress, cancellationToken).ConfigureAwait(false);
            return ParseFile(body);
        }

        public async Task<QwenFile> GetAsync(string id, CancellationToken cancellationToken)
        {
            var body = await _client.SendCompatibleAsync(HttpMethod.Get, "files/" + Uri.EscapeDataString(id), null, cancellationToken).ConfigureAwait(false);
            return ParseFile(body);
        }

        /// <summary>One page of the file list, and whether more follow.</summary>
        public async Task<(List<QwenFile> Files, bool HasMore)> ListAsync(string? after, int? limit, string? purpose, CancellationToken cancellationToken)
        {
            var query = new StringBuilder("files");
            var separator = '?';
            void Add(string key, string? value)
            {
                if (string.IsNullOrEmpty(value)) return;
                query.Append(separator).Append(key).Append('=').Append(Uri.EscapeDataString(value));
                separator = '&';
            }
            Add("after", after);
            Add("limit", limit?.ToString(CultureInfo.InvariantCulture));
            Add("purpose", purpose);
            var body = await _client.SendCompatibleAsync(HttpMethod.Get, query.ToString(), null, cancellationToken).ConfigureAwait(false);
            var files = new List<QwenFile>();
            var hasMore = false;
            using (var document = Parse(body))
            {
                var root = document.RootElement;
                if (root.TryGet("data", out var data) && data.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in data.EnumerateArray()) files.Add(FileFrom(item));
                }
                hasMore = root.TryGet("has_more", out var more) && more.ValueKind == JsonValueKind.True;
            }
            return (files, hasMore);
        }

        public async Task<QwenFileDeletion> DeleteAsync(string id, CancellationToken cancellationToken)
        {
            var body = await _client.SendCompatibleAsync(HttpMethod.Delete, "files/" + Uri.EscapeDataString(id), null, cancellationToken).ConfigureAwait(false);
            using (var document = Parse(body))
            {
                var root = document.RootElement;
                return new QwenFileDeletion
                {
                    Id = root.GetStringOrNull("id") ?? id,
                    Deleted = !root.TryGet("deleted", out var deleted) || deleted.ValueKind == JsonValueKind.True,
                };
            }
        }

        private static JsonDocument Parse(byte[] body)
        {
            try
            {
                return JsonDocument.Parse(body);
            }
            catch (JsonException exception)
            {
                throw new DashScopeException(DashScopeErrorKind.Protocol, "The files API sent data that is not valid JSON: " + exception.Message, exception);
            }
        }

        private static QwenFile ParseFile(byte[] body)
        {
            using (var document = Parse(body)) return FileFrom(document.RootElement);
        }

        private static QwenFile FileFrom(JsonElement item)
        {
            var file = new QwenFile
            {
                Id = item.GetStringOrNull("id") ?? item.GetStringOrNull("file_id") ?? string.Empty,
                FileName = item.GetStringOrNull("filename") ?? item.GetStringOrNull("name"),
                Purpose = item.GetStringOrNull("purpose"),
                Status = item.GetStringOrNull("status"),
            };
            if (item.TryGet("bytes", out var bytes) && bytes.ValueKind == JsonValueKind.Number && bytes.TryGetInt64(out var size)) file.Bytes = size;
            if (item.TryGet("created_at", out var created) && created.ValueKind == JsonValueKind.Number && created.TryGetInt64(out var seconds))
                file.CreatedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
            return file;
        }

        private static string MediaTypeOf(string path)
        {
            switch (Path.GetExtension(path).ToLowerInvariant())
            {
                case ".txt": return "text/plain";
                case ".md":
                case ".markdown": return "text/markdown";
                case ".csv": return "text/csv";
                case ".json": return "application/json";
                case ".html":
                case ".htm": return "text/html";
                case ".pdf": return "application/pdf";
                case ".docx": return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
                case ".doc": return "application/msword";
                case ".xlsx": return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
                case ".xls": return "application/vnd.ms-excel";
                case ".epub": return "application/epub+zip";
                default: return "application/octet-stream";
            }
        }
    }
}
