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

        /// <summary>n: how many answers; each after the first differs by a prefix.</summary>
        public int Choices { get; init; } = 1;

        /// <summary>logprobs / top_logprobs: each token's log-probability and this many alternatives.</summary>
        public bool LogProbabilities { get; init; }
        public int TopLogProbabilities { get; init; }

        /// <summary>enable_code_interpreter: tool_info on every event once reasoning is done.</summary>
        public bool CodeInterpreter { get; init; }

        /// <summary>The translation model's output.model_name.</summary>
        public string? ModelName { get; init; }

        /// <summary>The answer tokens of choice <paramref name="index"/>.</summary>
        public List<string> AnswerOf(int index) => index == 0 ? AnswerTokens : Tokenize("(answer " + (index + 1) + ") " + string.Concat(AnswerTokens));
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

        var choices = parameters["n"]?.GetValue<int>() ?? 1;
        if (choices < 1 || choices > 4) return (400, "InvalidParameter", "Range of n should be [1, 4]");
        if (choices > 1 && parameters["tools"] != null) return (400, "InvalidParameter", "n should be 1 when tools are given");
        var codeInterpreter = parameters["enable_code_interpreter"]?.GetValue<bool>() == true;
        if (codeInterpreter && !(stream && thinking))
            return (400, "InvalidParameter", "The code interpreter requires enable_thinking=true and a streamed call.");
        var translation = parameters["translation_options"] as JsonObject;
        if (translation != null && translation["target_lang"] == null) return (400, "InvalidParameter", "translation_options.target_lang is required");
        var answer = tokens is int count
            ? Enumerable.Repeat("a", count).ToList()
            : Tokenize(translation != null ? TranslationFor(translation, lastUser) : AnswerFor(model!, lastUser));
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
            Choices = choices,
            LogProbabilities = parameters["logprobs"]?.GetValue<bool>() == true,
            TopLogProbabilities = parameters["top_logprobs"]?.GetValue<int>() ?? 0,
            CodeInterpreter = codeInterpreter,
            ModelName = translation != null ? model : null,
        };
        return null;
    }

    /// <summary>logprobs.content for these tokens: the chosen token first among its alternatives.</summary>
    private static JsonObject LogProbabilities(List<string> tokens, int alternatives)
    {
        var content = new JsonArray();
        foreach (var token in tokens)
        {
            // From the token alone, so a streamed answer has the same values as a whole one.
            var logprob = -0.01 * (token.Length % 7);
            var top = new JsonArray();
            for (var i = 0; i < alternatives; i++)
                top.Add(Token(i == 0 ? token : token + "~" + i, logprob - i));
            var entry = Token(token, logprob);
            entry["top_logprobs"] = top;
            content.Add(entry);
        }
        return new JsonObject { ["content"] = content };
    }

    private static JsonObject Token(string token, double logprob) => new()
    {
        ["token"] = token,
        ["logprob"] = logprob,
        ["bytes"] = new JsonArray(Encoding.UTF8.GetBytes(token).Select(b => (JsonNode)JsonValue.Create((int)b)).ToArray()),
    };

    /// <summary>A stand-in translation: the target language, the terms applied, then the text.</summary>
    public static string TranslationFor(JsonObject options, string text)
    {
        foreach (var term in options["terms"] as JsonArray ?? new JsonArray())
        {
            var source = term?["source"]?.GetValue<string>();
            if (!string.IsNullOrEmpty(source)) text = text.Replace(source, term!["target"]?.GetValue<string>() ?? "");
        }
        return "[" + options["target_lang"]!.GetValue<string>() + "] " + text;
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

    /// <summary>
    /// The stream's data payloads in order (the last one of each choice is its empty-delta final event). With several
    /// choices the events take turns, one choice each, carrying its index.
    /// </summary>
    public static IEnumerable<string> StreamPayloads(Plan plan)
    {
        var output = 0;
        var reasoningSoFar = new StringBuilder();
        var answerSoFar = new StringBuilder();
        foreach (var token in plan.ReasoningTokens)
        {
            output++;
            reasoningSoFar.Append(token);
            yield return Payload(plan, plan.Incremental ? "" : answerSoFar.ToString(), plan.Incremental ? token : reasoningSoFar.ToString(), "null", output, plan.ReasoningTokens.Count, ranCode: false);
        }
        if (plan.Choices > 1)
        {
            foreach (var payload in ChoicePayloads(plan, output)) yield return payload;
            yield break;
        }
        foreach (var token in plan.AnswerTokens)
        {
            output++;
            answerSoFar.Append(token);
            yield return Payload(plan, plan.Incremental ? token : answerSoFar.ToString(), plan.Incremental ? "" : reasoningSoFar.ToString(), "null", output, plan.ReasoningTokens.Count,
                logProbabilities: Tokens(plan, token));
        }
        yield return Payload(plan, plan.Incremental ? "" : answerSoFar.ToString(), plan.Incremental ? "" : reasoningSoFar.ToString(), plan.FinishReason, output, plan.ReasoningTokens.Count);
    }

    private static IEnumerable<string> ChoicePayloads(Plan plan, int reasoningTokens)
    {
        var answers = Enumerable.Range(0, plan.Choices).Select(plan.AnswerOf).ToList();
        var soFar = answers.Select(_ => new StringBuilder()).ToList();
        var longest = answers.Max(answer => answer.Count);
        for (var position = 0; position <= longest; position++)
        {
            for (var index = 0; index < plan.Choices; index++)
            {
                if (position > answers[index].Count) continue;
                var final = position == answers[index].Count;
                var token = final ? "" : answers[index][position];
                soFar[index].Append(token);
                yield return Payload(plan, plan.Incremental ? token : soFar[index].ToString(), "", final ? plan.FinishReason : "null",
                    reasoningTokens + position + (final ? 0 : 1), plan.ReasoningTokens.Count, choiceIndex: index, logProbabilities: final ? null : Tokens(plan, token));
            }
        }
    }

    private static List<string>? Tokens(Plan plan, string token) => plan.LogProbabilities && token.Length > 0 ? new List<string> { token } : null;    /// <summary>The whole answer as one non-stream body (all choices in it, usage summed over them).</summary>
    public static string CompleteBody(Plan plan)
    {
        var output = plan.ReasoningTokens.Count + Enumerable.Range(0, plan.Choices).Sum(index => plan.AnswerOf(index).Count);
        return Payload(plan, string.Concat(plan.AnswerTokens), string.Concat(plan.ReasoningTokens), plan.FinishReason, output, plan.ReasoningTokens.Count,
            logProbabilities: plan.LogProbabilities ? plan.AnswerTokens : null, allChoices: true);
    }

    private static string Payload(Plan plan, string content, string reasoning, string finishReason, int outputTokens, int reasoningTokens,
        int choiceIndex = 0, List<string>? logProbabilities = null, bool allChoices = false, bool ranCode = true)
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
            var choice = new JsonObject { ["finish_reason"] = finishReason, ["message"] = message };
            if (plan.Choices > 1) choice["index"] = choiceIndex;
            if (logProbabilities != null) choice["logprobs"] = LogProbabilities(logProbabilities, plan.TopLogProbabilities);
            var choices = new JsonArray(choice);
            for (var index = 1; allChoices && index < plan.Choices; index++)
            {
                var other = plan.AnswerOf(index);
                var more = new JsonObject
                {
                    ["finish_reason"] = finishReason,
                    ["index"] = index,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = string.Concat(other) },
                };
                if (plan.LogProbabilities) more["logprobs"] = LogProbabilities(other, plan.TopLogProbabilities);
                choices.Add(more);
            }
            output = new JsonObject { ["choices"] = choices };
            if (plan.ModelName != null)
            {
                output["finish_reason"] = finishReason;
                output["model_name"] = plan.ModelName;
            }
        }
        else
        {
            output = new JsonObject { ["finish_reason"] = finishReason, ["text"] = content };
        }
        if (plan.CodeInterpreter && ranCode)
        {
            output["tool_info"] = new JsonArray(new JsonObject { ["code_interpreter"] = new JsonObject { ["code"] = "123**21" }, ["type"] = "code_interpreter" });
            usage["plugins"] = new JsonObject { ["code_interpreter"] = new JsonObject { ["count"] = 1 } };
        }
        if (plan.Media != null && output["choices"]?[0]?["message"] is JsonObject multimodalMessage)
            MultimodalSimulator.Decorate(plan.Media, multimodalMessage, usage, finishReason != "null", outputTokens);
        var root = new JsonObject { ["output"] = output, ["usage"] = usage, ["request_id"] = plan.RequestId };
        return root.ToJsonString(Json);
    }
}
