using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DashScope.TestServer;

/// <summary>
/// The OpenAI-compatible chat protocol (POST …/chat/completions), as DashScope's compatible mode and on-premises servers
/// (vLLM, Ollama) speak it: top-level parameters, chat.completion bodies, chat.completion.chunk streams whose
/// finish_reason is JSON null until the last choice chunk, usage in an extra chunk with choices [] only when
/// stream_options.include_usage asks for it, reasoning_content before content, tool calls as fragments merged by index,
/// and errors as {"error":{code, param, message, type}}. Answers are the native simulator's
/// (<see cref="ChatSimulator.AnswerFor"/>), so tests can compute them. Omni models answer only streamed; asked for
/// modalities ["text","audio"] (with audio {voice, format "wav"}), each text delta is followed by a delta.audio chunk
/// of base64 PCM16 mono 24 kHz, a tone (<see cref="SpeechFor"/>), and usage counts audio and text tokens apart.
/// </summary>
public static class CompatibleChatSimulator
{
    public const string CompatiblePath = "/compatible-mode/v1/chat/completions";
    public const string OnPremisesPath = "/v1/chat/completions";

    /// <summary>The fixed answer of the Batch API's test model.</summary>
    public const string TestModelAnswer = "This is a test result.";

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static bool Handles(string path) => path is CompatiblePath or OnPremisesPath;

    public sealed class Plan
    {
        public required string RequestId { get; init; }
        public required string Model { get; init; }
        public required bool Stream { get; init; }
        public required bool IncludeUsage { get; init; }
        public required int InputTokens { get; init; }
        public required List<string> ReasoningTokens { get; init; }
        public required List<string> AnswerTokens { get; init; }
        public required string FinishReason { get; init; }
        public List<(string Id, string Name, string Arguments)>? ToolCalls { get; init; }
        public bool Audio { get; init; }
        public string? Voice { get; init; }
        public int DelayMs { get; init; }
        public long Created { get; init; } = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    }

    /// <summary>An error as the compatible protocol sends it: status, code, type, message.</summary>
    public readonly record struct Failure(int Status, string Code, string Type, string Message);

    /// <summary>Checks the request as the service would; returns an error or a plan.</summary>
    public static Failure? Validate(JsonNode? body, ServerOptions options, string requestId, out Plan? plan)
    {
        plan = null;
        if (body is not JsonObject root) return new Failure(400, "invalid_request_error", "invalid_request_error", "We could not parse the JSON body of your request.");
        if (root["input"] != null) return new Failure(400, "invalid_parameter_error", "invalid_request_error", "'messages' is a required property (the compatible protocol has no 'input').");
        var model = root["model"] is JsonValue modelValue && modelValue.TryGetValue<string>(out var name) ? name : null;
        if (string.IsNullOrEmpty(model)) return new Failure(400, "invalid_parameter_error", "invalid_request_error", "you must provide a model parameter");
        if (root["messages"] is not JsonArray messages || messages.Count == 0)
            return new Failure(400, "invalid_parameter_error", "invalid_request_error", "'messages' must contain at least one message.");
        var stream = root["stream"]?.GetValueKind() == JsonValueKind.True;
        if (!stream && ChatSimulator.StreamOnly(model!))
            return new Failure(400, "invalid_parameter_error", "invalid_request_error", "This model only support stream mode, please enable the stream parameter to access the model.");
        var thinking = root["enable_thinking"]?.GetValueKind() == JsonValueKind.True || root["chat_template_kwargs"]?["enable_thinking"]?.GetValueKind() == JsonValueKind.True;
        var speaks = root["modalities"] is JsonArray modalities && modalities.Any(m => m is JsonValue v && v.TryGetValue<string>(out var s) && s == "audio");
        if (speaks && !ChatSimulator.StreamOnly(model!)) speaks = false; // only the omni models speak; others answer in text
        if (speaks && (root["audio"] is not JsonObject audio || audio["format"]?.GetValue<string>() != "wav"))
            return new Failure(400, "invalid_parameter_error", "invalid_request_error", "audio.format must be wav when modalities has audio.");
        if (thinking && !stream) return new Failure(400, "invalid_parameter_error", "invalid_request_error", "parameter.enable_thinking must be set to false for non-streaming calls");

        var lastUser = "";
        var lastRole = "";
        var inputChars = 0;
        foreach (var message in messages)
        {
            var role = message?["role"]?.GetValue<string>();
            if (role is not ("system" or "user" or "assistant" or "tool"))
                return new Failure(400, "invalid_parameter_error", "invalid_request_error", "Invalid value for 'messages.role': '" + role + "'.");
            var text = ContentText(message!["content"]);
            inputChars += text.Length;
            lastRole = role;
            if (role == "user") lastUser = text;
        }
        if (lastUser.Contains("#fail", StringComparison.Ordinal))
            return new Failure(400, "invalid_parameter_error", "invalid_request_error", "Simulated failure: the prompt asked for it (#fail).");
        var delayMatch = System.Text.RegularExpressions.Regex.Match(lastUser, "#delay=(\\d+)");

        var answer = options.Tokens is int count ? Enumerable.Repeat("a", count).ToList()
            : model == "batch-test-model" ? ChatSimulator.Tokenize(TestModelAnswer)
            : ChatSimulator.Tokenize(ChatSimulator.AnswerFor(model!, lastUser));
        var finish = "stop";
        var maxTokens = root["max_tokens"]?.GetValue<int>();
        if (maxTokens is int limit && answer.Count > limit)
        {
            answer = answer.Take(limit).ToList();
            finish = "length";
        }
        List<(string, string, string)>? calls = null;
        if (root["tools"] is JsonArray tools && tools.Count > 0 && lastRole != "tool" && options.ToolCall != null)
        {
            calls = CapabilitySimulator.ToolCalls(tools, options);
            answer = new List<string>();
            finish = "tool_calls";
        }
        var reasoning = thinking ? ChatSimulator.Tokenize("用户问的是：" + lastUser + "。我先想一想，再回答。") : new List<string>();
        plan = new Plan
        {
            RequestId = requestId,
            Model = model!,
            Stream = stream,
            IncludeUsage = root["stream_options"]?["include_usage"]?.GetValueKind() == JsonValueKind.True,
            InputTokens = Math.Max(1, inputChars / 2),
            ReasoningTokens = reasoning,
            AnswerTokens = answer,
            FinishReason = finish,
            ToolCalls = calls,
            Audio = speaks,
            Voice = speaks ? root["audio"]?["voice"]?.GetValue<string>() : null,
            DelayMs = delayMatch.Success ? int.Parse(delayMatch.Groups[1].Value) : 0,
        };
        return null;
    }

    /// <summary>The answer to a batch line's body (never streamed): the body, or the error the line ends with.</summary>
    public static (string? Body, Failure? Error) AnswerLine(JsonNode? body, string requestId)
    {
        if (body is JsonObject root && root["stream"]?.GetValueKind() == JsonValueKind.True)
            return (null, new Failure(400, "invalid_parameter_error", "invalid_request_error", "The Batch API does not stream: remove 'stream'."));
        var error = Validate(body, new ServerOptions(), requestId, out var plan);
        return error is { } failure ? (null, failure) : (CompleteBody(plan!), null);
    }

    private static string ContentText(JsonNode? content)
    {
        if (content is JsonValue value && value.TryGetValue<string>(out var text)) return text;
        if (content is JsonArray parts)
        {
            var joined = new StringBuilder();
            foreach (var part in parts)
            {
                if (part?["type"]?.GetValue<string>() == "text" && part["text"] is JsonValue piece && piece.TryGetValue<string>(out var partText)) joined.Append(partText);
            }
            return joined.ToString();
        }
        return "";
    }

    public static string CompleteBody(Plan plan)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = string.Concat(plan.AnswerTokens) };
        if (plan.ReasoningTokens.Count > 0) message["reasoning_content"] = string.Concat(plan.ReasoningTokens);
        if (plan.ToolCalls != null) message["tool_calls"] = ToolCallArray(plan.ToolCalls);
        var root = Envelope(plan, "chat.completion", new JsonArray(new JsonObject
        {
            ["message"] = message, ["finish_reason"] = plan.FinishReason, ["index"] = 0, ["logprobs"] = null,
        }), Usage(plan));
        return root.ToJsonString(Json);
    }

    /// <summary>The stream's data payloads in order, without the final [DONE].</summary>
    public static IEnumerable<string> StreamPayloads(Plan plan)
    {
        var thinking = plan.ReasoningTokens.Count > 0;
        var first = new JsonObject { ["content"] = thinking ? null : "", ["role"] = "assistant" };
        if (thinking) first["reasoning_content"] = "";
        yield return Chunk(plan, first, null);
        foreach (var token in plan.ReasoningTokens)
            yield return Chunk(plan, new JsonObject { ["content"] = null, ["reasoning_content"] = token }, null);
        for (var index = 0; index < plan.AnswerTokens.Count; index++)
        {
            var delta = new JsonObject { ["content"] = plan.AnswerTokens[index] };
            if (thinking) delta["reasoning_content"] = null;
            yield return Chunk(plan, delta, null);
            if (plan.Audio)
                yield return Chunk(plan, new JsonObject
                {
                    ["audio"] = new JsonObject { ["data"] = Convert.ToBase64String(SpeechFor(index)), ["expires_at"] = plan.Created + 86400, ["id"] = "audio_" + plan.RequestId },
                }, null);
        }
        if (plan.ToolCalls != null)
        {
            // A head fragment with id, type and name, then the arguments in two slices with id "" (as recorded from qwen3.5-plus).
            for (var index = 0; index < plan.ToolCalls.Count; index++)
            {
                var (id, name, arguments) = plan.ToolCalls[index];
                var split = arguments.Length / 2;
                yield return Chunk(plan, ToolDelta(index, id, name, ""), null);
                yield return Chunk(plan, ToolDelta(index, "", null, arguments[..split]), null);
                yield return Chunk(plan, ToolDelta(index, "", null, arguments[split..]), null);
            }
        }
        yield return Chunk(plan, new JsonObject { ["content"] = "" }, plan.FinishReason);
        if (plan.IncludeUsage)
            yield return Envelope(plan, "chat.completion.chunk", new JsonArray(), Usage(plan)).ToJsonString(Json);
    }

    /// <summary>An error body in the compatible shape.</summary>
    public static string ErrorBody(Failure failure, string requestId) => new JsonObject
    {
        ["error"] = new JsonObject { ["code"] = failure.Code, ["param"] = null, ["message"] = failure.Message, ["type"] = failure.Type },
        ["request_id"] = requestId,
    }.ToJsonString(Json);

    private static JsonObject ToolDelta(int index, string id, string? name, string arguments)
    {
        var function = new JsonObject();
        if (name != null) function["name"] = name;
        function["arguments"] = arguments;
        return new JsonObject
        {
            ["content"] = null,
            ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = index, ["id"] = id, ["type"] = "function", ["function"] = function }),
        };
    }

    private static JsonArray ToolCallArray(List<(string Id, string Name, string Arguments)> calls)
    {
        var array = new JsonArray();
        foreach (var (id, name, arguments) in calls)
        {
            array.Add(new JsonObject
            {
                ["id"] = id, ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = name, ["arguments"] = arguments },
            });
        }
        return array;
    }

    /// <summary>Samples of speech per answer token: 0.05 s at 24 kHz.</summary>
    public const int SamplesPerToken = 1200;

    /// <summary>
    /// The speech of the answer's token <paramref name="index"/>: PCM16 little-endian mono 24 kHz, a 440 Hz tone at half
    /// volume continuing from the previous token's, so the whole answer is one clean tone.
    /// </summary>
    public static byte[] SpeechFor(int index)
    {
        var pcm = new byte[SamplesPerToken * 2];
        for (var i = 0; i < SamplesPerToken; i++)
        {
            var sample = (short)Math.Round(16383 * Math.Sin(2 * Math.PI * 440 * (index * SamplesPerToken + i) / 24000.0));
            pcm[2 * i] = (byte)sample;
            pcm[2 * i + 1] = (byte)(sample >> 8);
        }
        return pcm;
    }

    private static string Chunk(Plan plan, JsonObject delta, string? finishReason) =>
        Envelope(plan, "chat.completion.chunk", new JsonArray(new JsonObject
        {
            ["finish_reason"] = finishReason, ["logprobs"] = null, ["delta"] = delta, ["index"] = 0,
        }), null).ToJsonString(Json);

    private static JsonObject Envelope(Plan plan, string type, JsonArray choices, JsonObject? usage) => new()
    {
        ["choices"] = choices,
        ["object"] = type,
        ["usage"] = usage,
        ["created"] = plan.Created,
        ["system_fingerprint"] = null,
        ["model"] = plan.Model,
        ["id"] = "chatcmpl-" + plan.RequestId,
    };

    private static JsonObject Usage(Plan plan)
    {
        var text = plan.ReasoningTokens.Count + plan.AnswerTokens.Count + (plan.ToolCalls?.Count ?? 0) * 10;
        // Two audio tokens per answer token, so that tests tell them from the text tokens.
        var audio = plan.Audio ? plan.AnswerTokens.Count * 2 : 0;
        var usage = new JsonObject
        {
            ["prompt_tokens"] = plan.InputTokens,
            ["completion_tokens"] = text + audio,
            ["total_tokens"] = plan.InputTokens + text + audio,
        };
        if (plan.Audio)
        {
            usage["completion_tokens_details"] = new JsonObject { ["audio_tokens"] = audio, ["text_tokens"] = text };
            usage["prompt_tokens_details"] = new JsonObject { ["text_tokens"] = plan.InputTokens };
        }
        else if (plan.ReasoningTokens.Count > 0) usage["completion_tokens_details"] = new JsonObject { ["reasoning_tokens"] = plan.ReasoningTokens.Count };
        return usage;
    }
}
