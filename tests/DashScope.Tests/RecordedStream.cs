using System.Text;
using System.Text.Json;
using DashScope.Streaming;

namespace DashScope.Tests;

/// <summary>
/// Reads recorded event streams the simplest possible way (text, split on LF, keep "data:" lines), independently of
/// the product's SseParser, so tests have an expectation that does not share the parser's code.
/// </summary>
internal static class RecordedStream
{
    public static IReadOnlyList<string> DataLines(string name) => DataLines(TestPaths.ResponseBody(name));

    public static IReadOnlyList<string> DataLines(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body).Replace("\r\n", "\n").Replace('\r', '\n');
        return text.Split('\n')
            .Select(line => line.TrimStart('\uFEFF'))
            .Where(line => line.StartsWith("data:", StringComparison.Ordinal))
            .Select(line => line["data:".Length..])
            .ToList();
    }

    /// <summary>The answer text of one payload: output.text, or choices[0].message.content as a string or as parts.</summary>
    public static string TextOf(JsonElement root)
    {
        if (!root.TryGetProperty("output", out var output)) return "";
        if (output.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
        {
            if (!choices[0].TryGetProperty("message", out var message) || !message.TryGetProperty("content", out var content)) return "";
            if (content.ValueKind == JsonValueKind.String) return content.GetString()!;
            if (content.ValueKind != JsonValueKind.Array) return "";
            var joined = new StringBuilder();
            foreach (var part in content.EnumerateArray())
            {
                if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var text)) joined.Append(text.GetString());
            }
            return joined.ToString();
        }
        return output.TryGetProperty("text", out var plain) && plain.ValueKind == JsonValueKind.String ? plain.GetString()! : "";
    }

    public static string ReasoningOf(JsonElement root)
    {
        if (root.TryGetProperty("output", out var output) &&
            output.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0 &&
            choices[0].TryGetProperty("message", out var message) &&
            message.TryGetProperty("reasoning_content", out var reasoning) && reasoning.ValueKind == JsonValueKind.String)
            return reasoning.GetString()!;
        return "";
    }

    public static string ConcatenatedText(string name) =>
        string.Concat(DataLines(name).Select(line => { using var document = JsonDocument.Parse(line); return TextOf(document.RootElement); }));

    public static string ConcatenatedReasoning(string name) =>
        string.Concat(DataLines(name).Select(line => { using var document = JsonDocument.Parse(line); return ReasoningOf(document.RootElement); }));

    /// <summary>
    /// The recorded events of each of <paramref name="names"/> in turn, decoded as a chat stream would hand them out
    /// (ids numbered 1, 2, ... across all of them).
    /// </summary>
    public static List<ChatStreamEvent> Events(string model, params string[] names)
    {
        var events = new List<ChatStreamEvent>();
        var accumulator = new ChatAccumulator();
        foreach (var line in names.SelectMany(name => DataLines(name)))
        {
            var data = Encoding.UTF8.GetBytes(line);
            var source = new SseEvent((events.Count + 1).ToString(), "result", 200, data, DateTimeOffset.UnixEpoch.AddSeconds(events.Count));
            var chunk = GenerationChunkDecoder.Decode(data);
            events.Add(new ChatStreamEvent(chunk, source, model, "header-request-id", accumulator.Add(chunk)));
        }
        return events;
    }

    /// <summary>The usage object of the last event, as a cloned element.</summary>
    public static JsonElement LastUsage(string name)
    {
        using var document = JsonDocument.Parse(DataLines(name)[^1]);
        return document.RootElement.GetProperty("usage").Clone();
    }
}
