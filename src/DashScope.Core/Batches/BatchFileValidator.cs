using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using DashScope.Json;
using DashScope.Requests;

namespace DashScope.Batches
{
    /// <summary>
    /// Checks a Batch API input file made elsewhere, line by line, before anything is sent: each line one JSON object with
    /// a unique string custom_id, method POST, a url the Batch API serves (the same on every line), and a body naming its
    /// model. The first bad line fails with its number. A file over the per-file limits, with several models or with a
    /// byte order mark is copied into parts that are not; any other file is sent as it is.
    /// </summary>
    public static class BatchFileValidator
    {
        /// <summary>The urls a batch line may call.</summary>
        public static readonly IReadOnlyList<string> Urls = new[] { CompatibleChatRequestBuilder.BatchUrl, CompatibleEmbeddingRequest.BatchUrl, "/v1/chat/ds-test" };

        /// <summary>Validates the file and returns the input parts to send: the file itself, or copies in <paramref name="folder"/>.</summary>
        public static IReadOnlyList<BatchInputPart> Prepare(string path, string folder, BatchLimits? limits = null)
        {
            limits = limits ?? BatchLimits.Service;
            var summary = Validate(path, limits);
            if (!summary.NeedsCopy) return new[] { new BatchInputPart(path, summary.Url, summary.Lines, summary.Bytes, owned: false) };

            using (var writer = new BatchInputWriter(folder, limits))
            using (var stream = OpenRead(path))
            {
                var reader = new JsonLineReader(stream, limits.MaximumLineBytes + 3);
                try
                {
                    while (reader.TryRead(out var line, out _))
                    {
                        if (reader.LineNumber == 1) line = WithoutBom(line);
                        writer.AddLine(line, summary.Url, ModelOf(line));
                    }
                    return writer.Complete();
                }
                catch
                {
                    writer.Discard();
                    throw;
                }
            }
        }

        private sealed class Summary
        {
            public int Lines;
            public long Bytes;
            public string Url = string.Empty;
            public bool NeedsCopy;
        }

        private static Summary Validate(string path, BatchLimits limits)
        {
            var name = Path.GetFileName(path);
            var summary = new Summary();
            var customIds = new HashSet<string>(StringComparer.Ordinal);
            string? model = null;
            using (var stream = OpenRead(path))
            {
                var reader = new JsonLineReader(stream, limits.MaximumLineBytes + 3);
                while (true)
                {
                    ArraySegment<byte> line;
                    try
                    {
                        if (!reader.TryRead(out line, out _)) break;
                    }
                    catch (JsonLineReader.LineTooLongException tooLong)
                    {
                        throw Bad(name, tooLong.Line, "it is longer than the " + (limits.MaximumLineBytes / 1048576.0).ToString("0.#", CultureInfo.InvariantCulture) + " MB a batch line may have");
                    }
                    var number = reader.LineNumber;
                    if (number == 1)
                    {
                        var stripped = WithoutBom(line);
                        summary.NeedsCopy |= stripped.Count != line.Count;
                        line = stripped;
                    }
                    if (line.Count > limits.MaximumLineBytes)
                        throw Bad(name, number, "it is longer than the " + (limits.MaximumLineBytes / 1048576.0).ToString("0.#", CultureInfo.InvariantCulture) + " MB a batch line may have");
                    var lineModel = CheckLine(line, name, number, customIds, ref summary.Url);
                    summary.NeedsCopy |= model != null && lineModel != model;
                    model = lineModel;
                    summary.Lines++;
                    summary.Bytes += line.Count + 1;
                }
            }
            if (summary.Lines == 0)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "'" + name + "' holds no request: a batch input has one JSON request per line.");
            summary.NeedsCopy |= summary.Lines > limits.MaximumLines || summary.Bytes > limits.MaximumBytes;
            return summary;
        }

        /// <summary>Checks one line; returns its model.</summary>
        private static string CheckLine(ArraySegment<byte> line, string name, int number, HashSet<string> customIds, ref string url)
        {
            if (JsonLineReader.IsBlank(line)) throw Bad(name, number, "it is empty; every line must be one request");
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(new ReadOnlyMemory<byte>(line.Array, line.Offset, line.Count));
            }
            catch (JsonException exception)
            {
                throw Bad(name, number, "it is not valid JSON (" + exception.Message + ")");
            }
            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object) throw Bad(name, number, "it is a JSON " + root.ValueKind.ToString().ToLowerInvariant() + ", not an object");
                if (!root.TryGet("custom_id", out var customId) || customId.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(customId.GetString()))
                    throw Bad(name, number, "it has no custom_id (a non-empty string that names the request)");
                if (!customIds.Add(customId.GetString()!))
                    throw Bad(name, number, "its custom_id '" + customId.GetString() + "' was used before; each must be unique");
                if (root.GetStringOrNull("method") != "POST") throw Bad(name, number, "its method is not POST");
                var lineUrl = root.GetStringOrNull("url");
                if (lineUrl == null || Array.IndexOf((string[])Urls, lineUrl) < 0)
                    throw Bad(name, number, "its url '" + lineUrl + "' is not one the Batch API serves (" + string.Join(", ", Urls) + ")");
                if (url.Length == 0) url = lineUrl;
                else if (lineUrl != url) throw Bad(name, number, "its url '" + lineUrl + "' differs from the first line's '" + url + "'; one batch calls one url");
                if (!root.TryGet("body", out var body) || body.ValueKind != JsonValueKind.Object) throw Bad(name, number, "it has no body object");
                var model = body.GetStringOrNull("model");
                if (string.IsNullOrEmpty(model)) throw Bad(name, number, "its body names no model");
                if (body.TryGet("stream", out var stream) && stream.ValueKind == JsonValueKind.True) throw Bad(name, number, "its body asks for a stream, which the Batch API does not send");
                if (lineUrl == CompatibleEmbeddingRequest.BatchUrl ? !body.TryGet("input", out _) : !(body.TryGet("messages", out var messages) && messages.ValueKind == JsonValueKind.Array && messages.GetArrayLength() > 0))
                    throw Bad(name, number, lineUrl == CompatibleEmbeddingRequest.BatchUrl ? "its body has no input" : "its body has no messages");
                return model!;
            }
        }

        private static string ModelOf(ArraySegment<byte> line)
        {
            using (var document = JsonDocument.Parse(new ReadOnlyMemory<byte>(line.Array, line.Offset, line.Count)))
                return document.RootElement.TryGet("body", out var body) ? body.GetStringOrNull("model") ?? string.Empty : string.Empty;
        }

        private static ArraySegment<byte> WithoutBom(ArraySegment<byte> line) =>
            line.Count >= 3 && line.Array![line.Offset] == 0xEF && line.Array[line.Offset + 1] == 0xBB && line.Array[line.Offset + 2] == 0xBF
                ? new ArraySegment<byte>(line.Array, line.Offset + 3, line.Count - 3)
                : line;

        private static FileStream OpenRead(string path)
        {
            try
            {
                return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "Cannot read '" + path + "': " + exception.Message, exception);
            }
        }

        private static DashScopeException Bad(string file, int line, string why) =>
            new DashScopeException(DashScopeErrorKind.InvalidInput, "Line " + line.ToString(CultureInfo.InvariantCulture) + " of " + file + " is not a batch request: " + why + ".")
            {
                ErrorId = "InvalidBatchLine",
            };
    }
}
