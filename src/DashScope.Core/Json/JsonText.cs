using System;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DashScope.Json
{
    /// <summary>
    /// JSON text in and out, with one set of rules for the whole module: CJK written raw (as the official SDKs send
    /// it), and JSON read into plain .NET values by <see cref="JsonValues.ToPlainValue"/> (integers as long, other
    /// numbers as double).
    /// </summary>
    public static class JsonText
    {
        /// <summary>Raw CJK in request bodies and tool messages.</summary>
        public static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        /// <summary>Writes with <paramref name="write"/> and returns the UTF-8 bytes.</summary>
        public static byte[] ToUtf8(Action<Utf8JsonWriter> write, bool indented = false)
        {
            using (var buffer = new MemoryStream())
            {
                var options = WriterOptions;
                options.Indented = indented;
                using (var writer = new Utf8JsonWriter(buffer, options)) write(writer);
                return buffer.ToArray();
            }
        }

        /// <summary>Writes with <paramref name="write"/> and returns the text.</summary>
        public static string ToText(Action<Utf8JsonWriter> write, bool indented = false) => Encoding.UTF8.GetString(ToUtf8(write, indented));

        /// <summary>A plain value (dictionaries, lists, strings, numbers, booleans) as JSON text.</summary>
        public static string Serialize(object? value, bool indented = false) => ToText(writer => JsonValueWriter.Write(writer, value), indented);

        /// <summary>Parses JSON text into plain values; throws <see cref="JsonException"/> when it is not JSON.</summary>
        public static object? ParsePlain(string json)
        {
            using (var document = JsonDocument.Parse(json))
            {
                return document.RootElement.ToPlainValue();
            }
        }

        /// <summary>
        /// Parses a model's JSON answer into plain values; a ```json fence around it is tolerated. Throws
        /// <see cref="JsonException"/> when it is not JSON.
        /// </summary>
        public static object? ParseAnswer(string text) => ParsePlain(StripFence(text));

        /// <summary>The text inside a ``` fence (the first line names the language), or the trimmed text.</summary>
        public static string StripFence(string text)
        {
            var trimmed = (text ?? string.Empty).Trim();
            if (!trimmed.StartsWith("```", StringComparison.Ordinal)) return trimmed;
            var firstLine = trimmed.IndexOf('\n');
            if (firstLine < 0) return trimmed;
            var body = trimmed.Substring(firstLine + 1);
            var end = body.LastIndexOf("```", StringComparison.Ordinal);
            return (end >= 0 ? body.Substring(0, end) : body).Trim();
        }
    }
}
