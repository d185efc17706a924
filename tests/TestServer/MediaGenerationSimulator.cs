using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DashScope.TestServer;

/// <summary>
/// Media made at once: qwen-image pictures and Qwen-TTS speech on the multimodal endpoint (flat input.text, no
/// messages), and CosyVoice speech on its HTTP endpoint (services/audio/tts/SpeechSynthesizer, everything in input).
/// Results are files on this server's result host; streamed speech sends the audio as base64 pieces whose bytes tests
/// can compute (<see cref="SpeechBytes"/>).
/// </summary>
public static class MediaGenerationSimulator
{
    public const string SpeechSynthesizerPath = "/api/v1/services/audio/tts/SpeechSynthesizer";

    /// <summary>Bytes of audio per streamed piece (0.1 s of 24 kHz 16-bit mono).</summary>
    public const int PieceBytes = 4800;

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly string[] QwenImageSizes = ["1328*1328", "1664*928", "928*1664", "1472*1140", "1140*1472", "1472*1104", "1104*1472"];
    private static readonly string[] TtsVoices = ["Cherry", "Ethan", "Chelsie", "Serena", "Dylan", "Jada", "Sunny"];

    public sealed class Answer
    {
        public (int Status, string Code, string Message)? Error { get; init; }
        public string? Body { get; init; }
        public List<string>? Payloads { get; init; }
    }

    /// <summary>The audio the simulated speech of <paramref name="text"/> consists of (format: pcm, wav or mp3).</summary>
    public static byte[] SpeechBytes(string text, string format = "pcm") =>
        ResultFiles.Content("speech:" + format + ":" + text, PieceBytes * Math.Max(1, (text.Length + 9) / 10));

    /// <summary>The answer to a multimodal request for a qwen-image or TTS model, or null when the chat simulation answers.</summary>
    public static Answer? Multimodal(JsonNode? body, bool stream, string requestId, string resultsBase)
    {
        if (body is not JsonObject root) return null;
        var model = root["model"]?.GetValue<string>() ?? "";
        if (model.StartsWith("qwen-image", StringComparison.Ordinal)) return Image(root, model, stream, requestId, resultsBase);
        if (model.Contains("tts", StringComparison.Ordinal)) return QwenTts(root, stream, requestId, resultsBase);
        return null;
    }

    private static Answer Image(JsonObject root, string model, bool stream, string requestId, string resultsBase)
    {
        if (stream) return new Answer { Error = (400, "InvalidParameter", "The model " + model + " does not support stream mode.") };
        var prompt = root["input"]?["messages"]?[0]?["content"]?[0]?["text"]?.GetValue<string>();
        if (string.IsNullOrEmpty(prompt)) return new Answer { Error = (400, "InvalidParameter", "Required parameter(s) missing or invalid: the prompt text.") };
        var parameters = root["parameters"] as JsonObject ?? new JsonObject();
        if ((parameters["n"]?.GetValue<int>() ?? 1) != 1) return new Answer { Error = (400, "InvalidParameter", "n must be 1 for " + model + ".") };
        var size = parameters["size"]?.GetValue<string>() ?? "1328*1328";
        if (!QwenImageSizes.Contains(size)) return new Answer { Error = (400, "InvalidParameter", "size must be one of " + string.Join(", ", QwenImageSizes) + ".") };
        var (width, height) = (int.Parse(size[..size.IndexOf('*')]), int.Parse(size[(size.IndexOf('*') + 1)..]));
        var answer = new JsonObject
        {
            ["output"] = new JsonObject
            {
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["finish_reason"] = "stop",
                    ["message"] = new JsonObject
                    {
                        ["content"] = new JsonArray(new JsonObject { ["image"] = resultsBase + requestId + ".png?Expires=1781778573&OSSAccessKeyId=test&Signature=c2lnbmVk" }),
                        ["role"] = "assistant",
                    },
                }),
                ["task_metric"] = new JsonObject { ["FAILED"] = 0, ["SUCCEEDED"] = 1, ["TOTAL"] = 1 },
            },
            ["usage"] = new JsonObject { ["height"] = height, ["image_count"] = 1, ["width"] = width },
            ["request_id"] = requestId,
        };
        return new Answer { Body = answer.ToJsonString(Json) };
    }

    private static Answer QwenTts(JsonObject root, bool stream, string requestId, string resultsBase)
    {
        var input = root["input"] as JsonObject;
        if (input?["messages"] != null) return new Answer { Error = (400, "InvalidParameter", "Qwen-TTS takes input.text, not messages.") };
        var text = input?["text"]?.GetValue<string>();
        if (string.IsNullOrEmpty(text)) return new Answer { Error = (400, "InvalidParameter", "Required parameter(s) missing or invalid: input.text.") };
        var voice = input!["voice"]?.GetValue<string>();
        if (voice == null || !TtsVoices.Contains(voice)) return new Answer { Error = (400, "InvalidParameter", "Voice '" + voice + "' is not supported.") };
        var characters = Characters(text);
        if (characters > 600) return new Answer { Error = (400, "InvalidParameter", "Range of input length should be [1, 600].") };
        var audioId = "audio_" + requestId;
        if (!stream)
        {
            return new Answer
            {
                Body = new JsonObject
                {
                    ["output"] = new JsonObject
                    {
                        ["audio"] = new JsonObject
                        {
                            ["data"] = "",
                            ["expires_at"] = DateTimeOffset.UtcNow.AddHours(24).ToUnixTimeSeconds(),
                            ["id"] = audioId,
                            ["url"] = resultsBase + audioId + ".wav?Expires=1758187426&OSSAccessKeyId=test&Signature=c2lnbmVk",
                        },
                        ["finish_reason"] = "stop",
                    },
                    ["usage"] = new JsonObject { ["characters"] = characters },
                    ["request_id"] = requestId,
                }.ToJsonString(Json),
            };
        }
        var payloads = Pieces(SpeechBytes(text)).Select(piece => new JsonObject
        {
            ["output"] = new JsonObject
            {
                ["audio"] = new JsonObject { ["data"] = Convert.ToBase64String(piece), ["expires_at"] = 0, ["id"] = audioId },
                ["finish_reason"] = "null",
            },
            ["usage"] = new JsonObject { ["characters"] = characters },
            ["request_id"] = requestId,
        }.ToJsonString(Json)).ToList();
        payloads.Add(new JsonObject
        {
            ["output"] = new JsonObject
            {
                ["audio"] = new JsonObject { ["data"] = "", ["expires_at"] = DateTimeOffset.UtcNow.AddHours(24).ToUnixTimeSeconds(), ["id"] = audioId },
                ["finish_reason"] = "stop",
            },
            ["usage"] = new JsonObject { ["characters"] = characters },
            ["request_id"] = requestId,
        }.ToJsonString(Json));
        return new Answer { Payloads = payloads };
    }

    /// <summary>POST services/audio/tts/SpeechSynthesizer: CosyVoice over HTTP.</summary>
    public static Answer CosyVoice(JsonNode? body, bool stream, string requestId, string resultsBase)
    {
        if (body is not JsonObject root || root["model"]?.GetValueKind() != JsonValueKind.String)
            return new Answer { Error = (400, "InvalidParameter", "Required parameter(s) missing or invalid: model.") };
        var model = root["model"]!.GetValue<string>();
        if (!model.StartsWith("cosyvoice", StringComparison.Ordinal) && !model.StartsWith("sambert", StringComparison.Ordinal))
            return new Answer { Error = (400, "InvalidParameter", "Model not exist.") };
        if (root["parameters"] != null) return new Answer { Error = (400, "InvalidParameter", "CosyVoice takes everything in input.") };
        var input = root["input"] as JsonObject;
        var text = input?["text"]?.GetValue<string>();
        if (string.IsNullOrEmpty(text)) return new Answer { Error = (400, "InvalidParameter", "Required parameter(s) missing or invalid: input.text.") };
        if (string.IsNullOrEmpty(input!["voice"]?.GetValue<string>())) return new Answer { Error = (400, "InvalidParameter", "Required parameter(s) missing or invalid: input.voice.") };
        var format = input["format"]?.GetValue<string>() ?? "wav";
        if (format is not ("wav" or "pcm" or "mp3")) return new Answer { Error = (400, "InvalidParameter", "format must be wav, pcm or mp3.") };
        var characters = Characters(text);
        var audioId = "audio_" + requestId;
        var final = new JsonObject
        {
            ["request_id"] = requestId,
            ["output"] = new JsonObject
            {
                ["finish_reason"] = "stop",
                ["audio"] = new JsonObject
                {
                    ["url"] = resultsBase + audioId + "." + format + "?Expires=1772697707&OSSAccessKeyId=test&Signature=c2lnbmVk",
                    ["id"] = audioId,
                    ["expires_at"] = DateTimeOffset.UtcNow.AddHours(24).ToUnixTimeSeconds(),
                },
            },
            ["usage"] = new JsonObject { ["characters"] = characters },
        };
        if (!stream) return new Answer { Body = final.ToJsonString(Json) };
        var payloads = Pieces(SpeechBytes(text, format)).Select((piece, i) => new JsonObject
        {
            ["request_id"] = requestId,
            ["output"] = new JsonObject
            {
                ["type"] = "sentence-synthesis",
                ["sentence"] = new JsonObject { ["index"] = 0, ["words"] = new JsonArray() },
                ["audio"] = new JsonObject { ["data"] = Convert.ToBase64String(piece), ["id"] = audioId },
            },
            ["usage"] = new JsonObject { ["characters"] = characters },
        }.ToJsonString(Json)).ToList();
        payloads.Add(final.ToJsonString(Json));
        return new Answer { Payloads = payloads };
    }

    /// <summary>qwen3-tts counts a CJK character as 2, anything else as 1.</summary>
    public static int Characters(string text) => text.Sum(c => c >= 0x2E80 ? 2 : 1);

    private static IEnumerable<byte[]> Pieces(byte[] bytes)
    {
        for (var offset = 0; offset < bytes.Length; offset += PieceBytes) yield return bytes.AsSpan(offset, Math.Min(PieceBytes, bytes.Length - offset)).ToArray();
    }
}
