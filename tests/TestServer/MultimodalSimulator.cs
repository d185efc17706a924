using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace DashScope.TestServer;

/// <summary>
/// The multimodal side of the chat simulation: what the media parts of a request were (so the answer can
/// say how many images, videos and audios it saw and their names), OCR tasks answered with ocr_result,
/// speech recognition answered with a transcript, audio_info annotations and audio seconds, and the
/// service's refusal of oss:// URLs sent without X-DashScope-OssResourceResolve.
/// </summary>
public static class MultimodalSimulator
{
    /// <summary>The uploads of the server handling the current request (set around the chat simulation).</summary>
    public static readonly AsyncLocal<TemporaryUploads?> CurrentUploads = new();

    public sealed class MediaSeen
    {
        public required string Kind { get; init; }
        public required string Name { get; init; }
        public long? Bytes { get; init; }
        public int Frames { get; init; }
    }

    /// <summary>What the simulated model does with the media of a request; attached to the chat plan.</summary>
    public sealed class Answer
    {
        public required string Text { get; init; }
        public required List<MediaSeen> Media { get; init; }
        public JsonObject? OcrResult { get; init; }
        public JsonArray? Annotations { get; init; }
        public double? Seconds { get; init; }
        public bool Asr { get; init; }
    }

    /// <summary>400 InvalidParameter for an oss:// URL without the resolve header, or one that was never uploaded.</summary>
    public static (int Status, string Code, string Message)? CheckOss(JsonNode? body, IHeaderDictionary headers, TemporaryUploads uploads)
    {
        var resolve = string.Equals(headers["X-DashScope-OssResourceResolve"].ToString(), "enable", StringComparison.OrdinalIgnoreCase);
        foreach (var url in MediaUrls(body))
        {
            if (!url.StartsWith("oss://", StringComparison.OrdinalIgnoreCase)) continue;
            if (!resolve)
                return (400, "InvalidParameter", "The provided URL does not appear to be valid. Ensure it is correctly formatted. (oss:// resources need the header X-DashScope-OssResourceResolve: enable)");
            var key = url["oss://".Length..];
            if (key.StartsWith(TemporaryUploads.DirPrefix + "/", StringComparison.Ordinal) && !uploads.TryGet(key, out _))
                return (400, "InvalidParameter", "Download the media resource timed out during the data inspection process: " + url + " was never uploaded.");
        }
        return null;
    }

    private static IEnumerable<string> MediaUrls(JsonNode? body)
    {
        if (body?["input"]?["messages"] is not JsonArray messages) yield break;
        foreach (var message in messages)
        {
            if (message?["content"] is not JsonArray parts) continue;
            foreach (var part in parts)
            {
                if (part is not JsonObject item) continue;
                foreach (var kind in new[] { "image", "video", "audio" })
                {
                    switch (item[kind])
                    {
                        case JsonValue value when value.TryGetValue<string>(out var url): yield return url; break;
                        case JsonArray frames:
                            foreach (var frame in frames)
                            {
                                if (frame is JsonValue f && f.TryGetValue<string>(out var frameUrl)) yield return frameUrl;
                            }
                            break;
                    }
                }
            }
        }
    }

    /// <summary>The answer for a multimodal request with media, an OCR task or an ASR model; null for plain text.</summary>
    public static Answer? Inspect(JsonObject root, string model, string lastUserText, TemporaryUploads? uploads)
    {
        var parameters = root["parameters"] as JsonObject;
        var media = new List<MediaSeen>();
        if (root["input"]?["messages"] is JsonArray messages)
        {
            // The media of the last user message are what the question is about.
            for (var i = messages.Count - 1; i >= 0; i--)
            {
                if (messages[i]?["role"]?.GetValue<string>() != "user") continue;
                if (messages[i]?["content"] is JsonArray parts) Collect(parts, media, uploads);
                break;
            }
        }
        var ocrTask = parameters?["ocr_options"]?["task"]?.GetValue<string>();
        var asr = model.Contains("asr", StringComparison.OrdinalIgnoreCase);
        if (media.Count == 0 && ocrTask == null && !asr) return null;

        if (asr) return Transcribe(media, parameters);
        if (ocrTask != null) return Ocr(ocrTask, media, parameters);
        return new Answer { Text = Describe(media) + " You asked: \u201c" + Shorten(lastUserText) + "\u201d", Media = media };
    }

    private static void Collect(JsonArray parts, List<MediaSeen> media, TemporaryUploads? uploads)
    {
        foreach (var part in parts)
        {
            if (part is not JsonObject item) continue;
            foreach (var kind in new[] { "image", "video", "audio" })
            {
                switch (item[kind])
                {
                    case JsonValue value when value.TryGetValue<string>(out var url):
                        media.Add(new MediaSeen { Kind = kind, Name = NameOf(url, kind), Bytes = BytesOf(url, uploads) });
                        break;
                    case JsonArray frames:
                        media.Add(new MediaSeen { Kind = kind, Name = frames.Count + " frames", Frames = frames.Count });
                        break;
                }
            }
        }
    }

    public static string NameOf(string url, string kind)
    {
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var semicolon = url.IndexOf(';');
            return "inline " + (semicolon > 5 ? url[5..semicolon] : kind);
        }
        var path = url;
        var query = path.IndexOfAny(['?', '#']);
        if (query >= 0) path = path[..query];
        var slash = path.LastIndexOf('/');
        return Uri.UnescapeDataString(slash >= 0 ? path[(slash + 1)..] : path);
    }

    private static long? BytesOf(string url, TemporaryUploads? uploads)
    {
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = url.IndexOf(',');
            if (comma < 0) return null;
            var base64 = url.Length - comma - 1;
            var padding = url.EndsWith("==", StringComparison.Ordinal) ? 2 : url.EndsWith('=') ? 1 : 0;
            return base64 / 4 * 3 - padding;
        }
        if (url.StartsWith("oss://", StringComparison.OrdinalIgnoreCase) && uploads != null && uploads.TryGet(url[6..], out var file)) return file.Size;
        return null;
    }

    private static string Describe(List<MediaSeen> media)
    {
        var pieces = new List<string>();
        foreach (var kind in new[] { "image", "video", "audio" })
        {
            var items = media.Where(m => m.Kind == kind).ToList();
            if (items.Count == 0) continue;
            pieces.Add(items.Count + " " + kind + (items.Count == 1 ? "" : "s") + " (" + string.Join(", ", items.Select(Label)) + ")");
        }
        return pieces.Count == 0 ? "I see no media." : "I see " + string.Join(" and ", pieces) + ".";
    }

    private static string Label(MediaSeen item) => item.Bytes is long bytes ? item.Name + ", " + bytes + " bytes" : item.Name;

    private static Answer Transcribe(List<MediaSeen> media, JsonObject? parameters)
    {
        var language = parameters?["asr_options"]?["language"]?.GetValue<string>() ?? "zh";
        var audio = media.FirstOrDefault(m => m.Kind == "audio");
        var text = "欢迎使用阿里云。" + (audio == null ? "" : " [" + Label(audio) + "]");
        var seconds = audio?.Bytes is long bytes ? Math.Max(1, Math.Round(bytes / 16000.0, 1)) : 1;
        return new Answer
        {
            Text = text,
            Media = media,
            Asr = true,
            Seconds = seconds,
            Annotations = new JsonArray(new JsonObject { ["language"] = language, ["type"] = "audio_info", ["emotion"] = "neutral" }),
        };
    }

    private static Answer Ocr(string task, List<MediaSeen> media, JsonObject? parameters)
    {
        var image = media.FirstOrDefault(m => m.Kind == "image")?.Name ?? "no image";
        switch (task)
        {
            case "key_information_extraction":
            {
                var schema = parameters?["ocr_options"]?["task_config"]?["result_schema"] as JsonObject ?? new JsonObject();
                var values = Fill(schema, image);
                var json = values.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
                return new Answer { Text = "```json\n" + json + "\n```", Media = media, OcrResult = new JsonObject { ["kv_result"] = values } };
            }
            case "advanced_recognition":
            {
                var words = new JsonArray(
                    new JsonObject { ["location"] = new JsonArray(10, 20, 110, 20, 110, 50, 10, 50), ["rotate_rect"] = new JsonArray(60, 35, 100, 30, 0), ["text"] = "Hello" },
                    new JsonObject { ["location"] = new JsonArray(10, 60, 210, 60, 210, 90, 10, 90), ["rotate_rect"] = new JsonArray(110, 75, 200, 30, 0), ["text"] = image });
                var text = "```json\n[\n\t{\"rotate_rect\": [60, 35, 100, 30, 0], \"text\": \"Hello\"},\n\t{\"rotate_rect\": [110, 75, 200, 30, 0], \"text\": \"" + image + "\"}\n]\n```";
                return new Answer { Text = text, Media = media, OcrResult = new JsonObject { ["words_info"] = words } };
            }
            case "table_parsing":
                return new Answer
                {
                    Text = "<table><tr><th>Name</th><th>Quantity</th><th>Price</th></tr><tr><td>" + image + "</td><td>2</td><td>3.50</td></tr><tr><td>茶</td><td>1</td><td>12.00</td></tr></table>",
                    Media = media,
                };
            default:
                return new Answer { Text = "Text read by " + task + " from " + image + ": 读者对象 Hello", Media = media };
        }
    }

    /// <summary>kv_result shaped like the schema: "&lt;field&gt; of &lt;image&gt;" per field; a field whose description says "absent" is left out.</summary>
    private static JsonObject Fill(JsonObject schema, string image)
    {
        var result = new JsonObject();
        foreach (var (name, description) in schema)
        {
            if (description is JsonObject nested) { result[name] = Fill(nested, image); continue; }
            var text = description is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
            if (text.Contains("absent", StringComparison.OrdinalIgnoreCase)) continue;
            result[name] = name + " of " + image;
        }
        return result;
    }

    /// <summary>Adds the answer's multimodal pieces to one payload (ocr_result and annotations on the final or only event).</summary>
    public static void Decorate(Answer answer, JsonObject message, JsonObject usage, bool final, int outputTokens)
    {
        if (final && answer.OcrResult != null && message["content"] is JsonArray content)
        {
            if (content.Count > 0 && content[0] is JsonObject first) first["ocr_result"] = answer.OcrResult.DeepClone();
            else content.Add(new JsonObject { ["ocr_result"] = answer.OcrResult.DeepClone(), ["text"] = "" });
        }
        if (final && answer.Annotations != null) message["annotations"] = answer.Annotations.DeepClone();

        if (answer.Asr)
        {
            usage.Clear();
            usage["input_tokens_details"] = new JsonObject { ["text_tokens"] = 0 };
            usage["output_tokens_details"] = new JsonObject { ["text_tokens"] = outputTokens };
            usage["seconds"] = answer.Seconds ?? 1;
            return;
        }
        var images = answer.Media.Count(m => m.Kind == "image") * 310;
        var videos = answer.Media.Where(m => m.Kind == "video").Sum(m => Math.Max(1, m.Frames) * 360);
        var audios = answer.Media.Count(m => m.Kind == "audio") * 150;
        var details = new JsonObject();
        if (images > 0) { usage["image_tokens"] = images; details["image_tokens"] = images; }
        if (videos > 0) { usage["video_tokens"] = videos; details["video_tokens"] = videos; }
        if (audios > 0) { usage["audio_tokens"] = audios; details["audio_tokens"] = audios; }
        if (details.Count > 0)
        {
            var input = (usage["input_tokens"]?.GetValue<int>() ?? 0) + images + videos + audios;
            details["text_tokens"] = usage["input_tokens"]?.GetValue<int>() ?? 0;
            usage["input_tokens"] = input;
            usage["total_tokens"] = input + outputTokens;
            usage["input_tokens_details"] = details;
        }
    }

    private static string Shorten(string text) => text.Length > 120 ? text[..120] + "…" : text;
}
