using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DashScope.TestServer;

/// <summary>
/// Answers Model Studio application calls (POST apps/{id}/completion) as the service does: a session id (new, or the
/// one given), the text in output.text, thoughts with has_thoughts, biz_params echoed by a workflow, usage per model,
/// and the same SSE framing as generation when streamed.
/// </summary>
public static class ApplicationSimulator
{
    private static readonly Regex AppPath = new("/apps/(?<id>[^/]+)/completion$", RegexOptions.Compiled);

    public static string? AppIdOf(string path)
    {
        var match = AppPath.Match(path);
        return match.Success ? Uri.UnescapeDataString(match.Groups["id"].Value) : null;
    }

    public sealed class Plan
    {
        public required string SessionId { get; init; }
        public required List<string> Tokens { get; init; }
        public required bool Thoughts { get; init; }
        public required bool Incremental { get; init; }
        public required string RequestId { get; init; }
    }

    /// <summary>Checks the call as the service would; an error (status, code, message) or a plan.</summary>
    public static (int Status, string Code, string Message)? Validate(string appId, JsonNode? body, string requestId, out Plan? plan)
    {
        plan = null;
        if (body is not JsonObject root || root["input"] is not JsonObject input) return (400, "InvalidParameter", "input is required");
        if (root["model"] != null && root["model"]!.GetValue<string>().Length > 0) return (400, "InvalidParameter", "Applications take no model.");
        var prompt = input["prompt"]?.GetValue<string>();
        var messages = input["messages"] as JsonArray;
        if (string.IsNullOrEmpty(prompt) && (messages == null || messages.Count == 0)) return (400, "InvalidParameter", "Either prompt or messages must be given.");
        if (appId.StartsWith("missing", StringComparison.Ordinal)) return (404, "InvalidApp.NotFound", "App not found: " + appId);
        var asked = prompt ?? messages!.LastOrDefault(m => m?["role"]?.GetValue<string>() == "user")?["content"]?.GetValue<string>() ?? "";
        var parameters = root["parameters"] as JsonObject ?? new JsonObject();
        var session = input["session_id"]?.GetValue<string>();
        var text = input["biz_params"] is JsonObject biz
            ? "workflow " + appId + ": " + string.Join(", ", biz.Select(pair => pair.Key + "=" + pair.Value?.ToJsonString()))
            : "Application " + appId + (session == null ? "" : " (session " + session + ")") + " answers: " + asked;
        plan = new Plan
        {
            SessionId = session ?? Guid.NewGuid().ToString("N"),
            Tokens = ChatSimulator.Tokenize(text),
            Thoughts = parameters["has_thoughts"]?.GetValue<bool>() == true,
            Incremental = parameters["incremental_output"]?.GetValue<bool>() == true,
            RequestId = requestId,
        };
        return null;
    }

    public static string CompleteBody(Plan plan) => Payload(plan, string.Concat(plan.Tokens), "stop", plan.Tokens.Count);

    public static IEnumerable<string> StreamPayloads(Plan plan)
    {
        var soFar = "";
        var output = 0;
        foreach (var token in plan.Tokens)
        {
            soFar += token;
            output++;
            yield return Payload(plan, plan.Incremental ? token : soFar, "null", output);
        }
        yield return Payload(plan, plan.Incremental ? "" : soFar, "stop", output);
    }

    private static string Payload(Plan plan, string text, string finishReason, int outputTokens)
    {
        var output = new JsonObject { ["session_id"] = plan.SessionId, ["finish_reason"] = finishReason, ["text"] = text };
        if (plan.Thoughts)
        {
            output["thoughts"] = new JsonArray(new JsonObject
            {
                ["action_type"] = "agentRag",
                ["action_name"] = "知识检索",
                ["action"] = "rag",
                ["action_input_stream"] = "{}",
                ["observation"] = "[{\"content\":\"passage\",\"referenceIndex\":1}]",
            });
        }
        var usage = new JsonObject
        {
            ["models"] = new JsonArray(new JsonObject { ["model_id"] = "qwen-plus", ["input_tokens"] = 12, ["output_tokens"] = outputTokens }),
        };
        return new JsonObject { ["output"] = output, ["usage"] = usage, ["request_id"] = plan.RequestId }.ToJsonString(new JsonSerializerOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
    }
}
