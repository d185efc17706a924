using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DashScope.TestServer;

/// <summary>
/// The OpenAI-compatible services beside chat: GET …/models (what the server serves; models=A+B names them) and
/// POST …/embeddings (the native simulator's vectors, <see cref="ServiceSimulator.Vector"/>, as "document" texts), under
/// /compatible-mode/v1 (DashScope) and /v1 (an on-premises server).
/// </summary>
public static class CompatibleServiceSimulator
{
    /// <summary>What DashScope's compatible mode lists when no models= option names others.</summary>
    public static readonly string[] DashScopeModels = ["qwen-plus", "qwen-max", "qwen-flash", "qwen3-omni-flash", "text-embedding-v4"];

    /// <summary>What a simulated on-premises server (vLLM) serves when no models= option names others.</summary>
    public static readonly string[] OnPremisesModels = ["Qwen/Qwen3-8B", "Qwen/Qwen3-Embedding-0.6B"];

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static bool HandlesModels(string path) => path is "/compatible-mode/v1/models" or "/v1/models";

    public static bool HandlesEmbeddings(string path) => path is "/compatible-mode/v1/embeddings" or "/v1/embeddings";

    public static string Models(string path, ServerOptions options)
    {
        var names = options.Models ?? (path.StartsWith("/compatible-mode/", StringComparison.Ordinal) ? DashScopeModels : OnPremisesModels);
        var owner = path.StartsWith("/compatible-mode/", StringComparison.Ordinal) ? "system" : "vllm";
        return new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(names.Select(name => (JsonNode)new JsonObject
            {
                ["id"] = name, ["object"] = "model", ["created"] = 1735689600, ["owned_by"] = owner,
            }).ToArray()),
        }.ToJsonString(Json);
    }

    /// <summary>The embeddings answer, or the error the service would give.</summary>
    public static (string? Body, CompatibleChatSimulator.Failure? Error) Embeddings(JsonNode? body, string requestId)
    {
        static CompatibleChatSimulator.Failure Invalid(string message) => new(400, "invalid_parameter_error", "invalid_request_error", message);
        if (body is not JsonObject root || root["model"]?.GetValueKind() != JsonValueKind.String) return (null, Invalid("you must provide a model parameter"));
        var model = root["model"]!.GetValue<string>();
        List<string> texts;
        if (root["input"]?.GetValueKind() == JsonValueKind.String) texts = [root["input"]!.GetValue<string>()];
        else if (root["input"] is JsonArray array && array.All(t => t?.GetValueKind() == JsonValueKind.String)) texts = array.Select(t => t!.GetValue<string>()).ToList();
        else return (null, Invalid("'input' must be a string or an array of strings."));
        if (texts.Count == 0 || texts.Count > 10) return (null, Invalid("batch size is invalid, it should not be larger than 10."));
        if (texts.Any(t => t.Length == 0 || ServiceSimulator.Tokenize(t).Count > 8192)) return (null, Invalid("Range of input length should be [1, 8192]"));
        var dimension = 1024;
        if (root["dimensions"] is { } dimensions)
        {
            if (dimensions.GetValueKind() != JsonValueKind.Number || !ServiceSimulator.V4Dimensions.Contains(dimensions.GetValue<int>()))
                return (null, Invalid("dimensions must be one of " + string.Join(", ", ServiceSimulator.V4Dimensions) + "."));
            dimension = dimensions.GetValue<int>();
        }
        var format = root["encoding_format"]?.GetValue<string>() ?? "float";
        if (format != "float") return (null, Invalid("encoding_format must be float."));

        var data = new JsonArray();
        for (var index = 0; index < texts.Count; index++)
        {
            data.Add(new JsonObject
            {
                ["embedding"] = new JsonArray(ServiceSimulator.Vector(texts[index], dimension).Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
                ["index"] = index,
                ["object"] = "embedding",
            });
        }
        var tokens = texts.Sum(t => ServiceSimulator.Tokenize(t).Count);
        return (new JsonObject
        {
            ["data"] = data,
            ["model"] = model,
            ["object"] = "list",
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
            ["id"] = requestId,
        }.ToJsonString(Json), null);
    }
}
