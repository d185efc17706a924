using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DashScope.TestServer;

/// <summary>
/// Answers generation requests that no recording was asked for, following the protocol's rules:
/// finish_reason "null" until a final empty-delta event, cumulative usage, incremental or cumulative
/// content, reasoning before content when thinking is on, text vs message result format, parts content
/// on the multimodal endpoint.
/// </summary>
public static class ChatSimulator
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public sealed class Plan
    {
        public required string RequestId { get; init; }
        public required string Model { get; init; }
        public required bool Multimodal { get; init; }
        public required bool MessageFormat { get; init; }
        public required bool Incremental { get; init; }
        public required int InputTokens { get; init; }
        public required List<string> ReasoningTokens { get; init; }
        public required List<string> AnswerTokens { get; init; }
        public required string FinishReason { get; init; }

        /// <summary>Set when the request had media, an OCR task or an ASR model (see <see cref="MultimodalSimulator"/>).</summary>
        public MultimodalSimulator.Answer? Media { get; init; }

        /// <summary>Extra wait before answering (the #delay=MS prompt directive).</summary>
        public int DelayMs { get; init; }
    }

    /// <summary>
    /// Models the service serves only on the multimodal endpoint (the text endpoint answers "url error"): vision, audio,
    /// OCR and speech models, Qwen3.5 and later; and, for tests of how a client learns an endpoint, any name with
    /// "multimodal-only" in it.
    /// </summary>
    public static bool ServedOnMultimodalOnly(string model) =>
        System.Text.RegularExpressions.Regex.IsMatch(model,
            "^(qwen-vl|qwen3-vl|qwen2\\.5-vl|qvq|qwen-audio|qwen2-audio|qwen3\\.[5-9]|qwen[4-9])|asr|-ocr|tts|omni|multimodal-only",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    /// <summary>Models that answer only streamed (QwQ, QVQ, omni).</summary>
    public static bool StreamOnly(string model) =>
        System.Text.RegularExpressions.Regex.IsMatch(model, "^(qwq|qvq)|omni(?!.*captioner)", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    /// <summary>Hybrid models that think unless enable_thinking is false: the open-source Qwen3 and Qwen3.5 and later.</summary>
    public static bool ThinksByDefault(string model) =>
        System.Text.RegularExpressions.Regex.IsMatch(model, "^(qwen3-\\d+(\\.\\d+)?b|qwen3\\.[5-9]|qwen[4-9])", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    /// <summary>Checks the request as the service would; returns an error (status, code, message) or a plan.</summary>
    public static (int Status, string Code, string Message)? Validate(JsonNode? body, bool stream, out Plan? plan, string requestId, bool multimodal, int? tokens)
    {
        plan = null;
        if (body is not JsonObject root) return (400, "BadRequest.IllegalInput", "The request body is not valid JSON.");
        var model = root["model"]?.GetValue<string>();
        if (string.IsNullOrEmpty(model)) return (400, "BadRequest.EmptyModel", "Required parameter(s) missing or invalid, please check the request parameters.");
        if (root["messages"] != null) return (400, "InvalidParameter", "Either \"prompt\" or \"messages\" must exist and cannot both be none");
        var input = root["input"] as JsonObject;
        var messages = input?["messages"] as JsonArray;
        var prompt = input?["prompt"]?.GetValue<string>();
        if ((messages == null || messages.Count == 0) && string.IsNullOrEmpty(prompt))
            return (400, "InvalidParameter", "Role must be user or assistant and Content length must be greater than 0");
        if (!multimodal && ServedOnMultimodalOnly(model!)) return (400, "InvalidParameter", "url error, please check url！");
        var parameters = root["parameters"] as JsonObject ?? new JsonObject();
        if (!stream && StreamOnly(model!))
            return (400, "InvalidParameter", "This model only support stream mode, please enable the stream parameter to access the model.");
        var thinking = parameters["enable_thinking"]?.GetValue<bool>() ?? ThinksByDefault(model!);
        if (thinking && !stream) return (400, "InvalidParameter", "parameter.enable_thinking must be set to false for non-streaming calls");

        var lastUser = prompt ?? "";
        var inputChars = 0;
        if (messages != null)
        {
            foreach (var message in messages)
            {
                var role = message?["role"]?.GetValue<string>();
                if (role is not ("system" or "user" or "assistant" or "tool"))
                    return (400, "InvalidParameter", "Role must be user or assistant and Content length must be greater than 0");
                var text = ContentText(message!["content"]);
                inputChars += text.Length;
                if (role == "user") lastUser = text;
            }
        }

        // Prompt directives, so one input among many can behave differently: #fail, #delay=MS.
        if (lastUser.Contains("#fail", StringComparison.Ordinal))
            return (400, "InvalidParameter", "Simulated failure: the prompt asked for it (#fail).");
        var delayMatch = System.Text.RegularExpressions.Regex.Match(lastUser, "#delay=(\\d+)");
        var delayMs = delayMatch.Success ? int.Parse(delayMatch.Groups[1].Value) : 0;

        var answer = tokens is int count
            ? Enumerable.Repeat("a", count).ToList()
            : Tokenize(AnswerFor(model!, lastUser));
        var media = multimodal && tokens == null ? MultimodalSimulator.Inspect(root, model!, lastUser, MultimodalSimulator.CurrentUploads.Value) : null;
        if (media != null) answer = Tokenize(media.Text);
        var finish = "stop";
        var maxTokens = parameters["max_tokens"]?.GetValue<int>() ?? parameters["max_completion_tokens"]?.GetValue<int>();
        if (maxTokens is int limit && answer.Count > limit)
        {
            answer = answer.Take(limit).ToList();
            finish = "length";
        }
        var reasoning = thinking ? Tokenize("用户问的是：" + Shorten(lastUser) + "。我先想一想，再回答。") : new List<string>();
        var budget = parameters["thinking_budget"]?.GetValue<int>();
        if (budget is int b && reasoning.Count > b) reasoning = reasoning.Take(b).ToList();

        plan = new Plan
        {
            RequestId = requestId,
            Model = model!,
            Multimodal = multimodal,
            MessageFormat = multimodal || parameters["result_format"]?.GetValue<string>() == "message" || thinking,
            Incremental = parameters["incremental_output"]?.GetValue<bool>() == true,
            InputTokens = Math.Max(1, inputChars / 2),
            ReasoningTokens = reasoning,
            AnswerTokens = answer,
            FinishReason = finish,
            Media = media,
            DelayMs = delayMs,
        };
        return null;
    }

    public static string AnswerFor(string model, string prompt) =>
        "This is the DashScope test server (" + model + "), answering offline. You asked: \u201c" + Shorten(prompt) +
        "\u201d 这是一个流式回答，逐段到达。 The real service answers once DASHSCOPE_API_KEY is set.";

    private static string Shorten(string text) => text.Length > 120 ? text[..120] + "…" : text;

    /// <summary>Pieces of 1 to 4 characters, never splitting a surrogate pair.</summary>
    public static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var builder = new StringBuilder();
        var enumerator = System.Globalization.StringInfo.GetTextElementEnumerator(text);
        var size = 0;
        while (enumerator.MoveNext())
        {
            var element = (string)enumerator.Current;
            builder.Append(element);
            size++;
            var wide = element.Length > 0 && element[0] > 0x2E80;
            if (size >= (wide ? 2 : 4) || element == " ")
            {
                tokens.Add(builder.ToString());
                builder.Clear();
                size = 0;
            }
        }
        if (builder.Length > 0) tokens.Add(builder.ToString());
        return tokens;
    }

    private static string ContentText(JsonNode? content)
    {
        if (content is JsonValue value && value.TryGetValue<string>(out var text)) return text;
        if (content is JsonArray parts)
        {
            var joined = new StringBuilder();
            foreach (var part in parts)
            {
                if (part?["text"] is JsonValue piece && piece.TryGetValue<string>(out var partText)) joined.Append(partText);
            }
            return joined.ToString();
        }
        return "";
    }

    /// <summary>The stream's data payloads in order (the last one is the empty-delta final event).</summary>
    public static IEnumerable<string> StreamPayloads(Plan plan)
    {
        var output = 0;
        var reasoningSoFar = new StringBuilder();
        var answerSoFar = new StringBuilder();
        foreach (var token in plan.ReasoningTokens)
        {
            output++;
            reasoningSoFar.Append(token);
            yield return Payload(plan, plan.Incremental ? "" : answerSoFar.ToString(), plan.Incremental ? token : reasoningSoFar.ToString(), "null", output, plan.ReasoningTokens.Count);
        }
        foreach (var token in plan.AnswerTokens)
        {
            output++;
            answerSoFar.Append(token);
            yield return Payload(plan, plan.Incremental ? token : answerSoFar.ToString(), plan.Incremental ? "" : reasoningSoFar.ToString(), "null", output, plan.ReasoningTokens.Count);
        }
        yield return Payload(plan, plan.Incremental ? "" : answerSoFar.ToString(), plan.Incremental ? "" : reasoningSoFar.ToString(), plan.FinishReason, output, plan.ReasoningTokens.Count);
    }

    /// <summary>The whole answer as one non-stream body.</summary>
    public static string CompleteBody(Plan plan)
    {
        var output = plan.ReasoningTokens.Count + plan.AnswerTokens.Count;
        return Payload(plan, string.Concat(plan.AnswerTokens), string.Concat(plan.ReasoningTokens), plan.FinishReason, output, plan.ReasoningTokens.Count);
    }

    private static string Payload(Plan plan, string content, string reasoning, string finishReason, int outputTokens, int reasoningTokens)
    {
        var usage = new JsonObject
        {
            ["input_tokens"] = plan.InputTokens,
            ["output_tokens"] = outputTokens,
            ["total_tokens"] = plan.InputTokens + outputTokens,
        };
        if (reasoningTokens > 0) usage["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = Math.Min(outputTokens, reasoningTokens) };

        JsonObject output;
        if (plan.MessageFormat)
        {
            var message = new JsonObject { ["role"] = "assistant" };
            message["content"] = plan.Multimodal
                ? (content.Length == 0 ? new JsonArray() : new JsonArray(new JsonObject { ["text"] = content }))
                : content;
            if (reasoning.Length > 0 || plan.ReasoningTokens.Count > 0) message["reasoning_content"] = reasoning;
            output = new JsonObject
            {
                ["choices"] = new JsonArray(new JsonObject { ["finish_reason"] = finishReason, ["message"] = message }),
            };
        }
        else
        {
            output = new JsonObject { ["finish_reason"] = finishReason, ["text"] = content };
        }
        if (plan.Media != null && output["choices"]?[0]?["message"] is JsonObject multimodalMessage)
            MultimodalSimulator.Decorate(plan.Media, multimodalMessage, usage, finishReason != "null", outputTokens);
        var root = new JsonObject { ["output"] = output, ["usage"] = usage, ["request_id"] = plan.RequestId };
        return root.ToJsonString(Json);
    }
}
