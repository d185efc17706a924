using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DashScope.TestServer;

/// <summary>
/// Simulates what the plain chat simulator does not: tool calls (option toolcall=NAME[+NAME], arguments from
/// toolargs=BASE64URL-JSON or made up from the schema; streamed as fragments exactly like the service), answers to tool
/// results, web search results (search_info, prepend_search_result in streams, citations), qwen-deep-research event
/// sequences (clarifying question first, then planning, web research and the report), JSON mode (the "json" rule;
/// badjson answers invalid JSON) and qwen-long fileid:// documents (checked against the files store).
/// </summary>
public static class CapabilitySimulator
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public sealed class Answer
    {
        public (int Status, string Code, string Message)? Error { get; init; }
        public string? Body { get; init; }
        public List<string>? Payloads { get; init; }
    }

    /// <summary>A simulated answer, or null when the plain chat simulator should answer.</summary>
    public static Answer? Plan(JsonNode? body, bool stream, bool multimodal, string requestId, ServerOptions options, FileStore files)
    {
        if (body is not JsonObject root) return null;
        var model = root["model"]?.GetValue<string>() ?? "";
        var messages = root["input"]?["messages"] as JsonArray;
        if (messages == null || messages.Count == 0) return null;
        var parameters = root["parameters"] as JsonObject ?? new JsonObject();
        var incremental = parameters["incremental_output"]?.GetValue<bool>() == true;
        var lastUser = messages.LastOrDefault(m => m?["role"]?.GetValue<string>() == "user");
        var question = Text(lastUser?["content"]);
        var inputTokens = Math.Max(1, messages.Sum(m => Text(m?["content"]).Length) / 2);

        if (model.StartsWith("qwen-deep-research", StringComparison.Ordinal))
        {
            if (!stream) return new Answer { Error = (400, "InvalidParameter", "This model only support stream mode, please enable the stream parameter to access the model.") };
            return new Answer { Payloads = DeepResearch(messages, requestId, inputTokens) };
        }

        // qwen-long: every fileid:// must name a stored file.
        var documents = new List<FileStore.StoredFile>();
        foreach (var message in messages)
        {
            if (message?["role"]?.GetValue<string>() != "system") continue;
            var content = Text(message["content"]);
            if (!content.StartsWith("fileid://", StringComparison.Ordinal)) continue;
            foreach (var reference in content.Split(','))
            {
                var id = reference.Trim();
                if (!id.StartsWith("fileid://", StringComparison.Ordinal)) return new Answer { Error = (400, "InvalidParameter", "Invalid file reference: " + id) };
                var file = files.Find(options.Id, id["fileid://".Length..]);
                if (file == null) return new Answer { Error = (400, "InvalidParameter", "File [id:" + id["fileid://".Length..] + "] not found.") };
                documents.Add(file);
            }
        }

        var tools = parameters["tools"] as JsonArray;
        var lastRole = messages[^1]?["role"]?.GetValue<string>();
        var json = parameters["response_format"]?["type"]?.GetValue<string>() == "json_object";
        var search = parameters["enable_search"]?.GetValue<bool>() == true;
        var searchOptions = parameters["search_options"] as JsonObject;

        if (json && !messages.Any(m => Text(m?["content"]).Contains("json", StringComparison.OrdinalIgnoreCase)))
            return new Answer { Error = (400, "InvalidParameter", "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.") };

        var callRounds = messages.Count(m => m?["role"]?.GetValue<string>() == "assistant" && m["tool_calls"] is JsonArray { Count: > 0 });
        if (tools != null && tools.Count > 0 && (lastRole != "tool" || callRounds < options.ToolRounds) && options.ToolCall != null)
        {
            var calls = ToolCalls(tools, options);
            return stream
                ? new Answer { Payloads = ToolCallStream(calls, requestId, inputTokens, multimodal) }
                : new Answer { Body = ToolEnvelope(ToolCallArray(calls), "tool_calls", requestId, Usage(inputTokens, 20), multimodal) };
        }

        string answer;
        if (lastRole == "tool")
        {
            var results = new List<string>();
            for (var i = messages.Count - 1; i >= 0 && messages[i]?["role"]?.GetValue<string>() == "tool"; i--)
                results.Insert(0, Text(messages[i]!["content"]));
            answer = "Tool results received: " + string.Join(" | ", results);
        }
        else if (documents.Count > 0)
        {
            answer = "I read " + documents.Count + " document(s): " +
                     string.Join(", ", documents.Select(d => d.FileName + " (" + d.Content.Length + " bytes)")) + ". You asked: " + question;
        }
        else if (json)
        {
            answer = options.BadJson ? "{\"answer\": \"unfinished" : JsonSerializer.Serialize(new { answer = question.Length > 60 ? question[..60] : question, ok = true }, Json);
        }
        else if (search)
        {
            var citation = searchOptions?["enable_citation"]?.GetValue<bool>() == true
                ? (searchOptions["citation_format"]?.GetValue<string>() ?? "[<number>]").Replace("<number>", "1")
                : "";
            answer = "Search answer about " + question + citation + ".";
        }
        else
        {
            return null;
        }

        var searchInfo = search ? SearchInfo() : null;
        if (!stream) return new Answer { Body = Envelope(Message(answer, null, multimodal, null), "stop", requestId, Usage(inputTokens, answer.Length / 2), searchInfo) };

        var payloads = new List<string>();
        var tokens = ChatSimulator.Tokenize(answer);
        var prepend = searchOptions?["prepend_search_result"]?.GetValue<bool>() == true;
        if (search && prepend)
            payloads.Add(Envelope(Message("", null, multimodal, null), "null", requestId, new JsonObject(), searchInfo));
        var soFar = new StringBuilder();
        for (var i = 0; i < tokens.Count; i++)
        {
            soFar.Append(tokens[i]);
            var info = search ? (prepend || i > 0 ? EmptySearchInfo() : searchInfo) : null;
            payloads.Add(Envelope(Message(incremental ? tokens[i] : soFar.ToString(), null, multimodal, null), "null", requestId, Usage(inputTokens, i + 1), info));
        }
        payloads.Add(Envelope(Message(incremental ? "" : soFar.ToString(), null, multimodal, null), "stop", requestId, Usage(inputTokens, tokens.Count), search ? EmptySearchInfo() : null));
        return new Answer { Payloads = payloads };
    }

    private static string Text(JsonNode? content)
    {
        if (content is JsonValue value && value.TryGetValue<string>(out var text)) return text;
        if (content is JsonArray parts)
            return string.Concat(parts.Select(p => p?["text"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : ""));
        return "";
    }

    private static JsonObject Usage(int input, int output) => new() { ["input_tokens"] = input, ["output_tokens"] = output, ["total_tokens"] = input + output };

    private static JsonObject Message(string content, string? reasoning, bool multimodal, JsonArray? toolCalls)
    {
        var message = new JsonObject
        {
            ["role"] = "assistant",
            ["content"] = multimodal ? (content.Length == 0 ? new JsonArray() : new JsonArray(new JsonObject { ["text"] = content })) : content,
        };
        if (reasoning != null) message["reasoning_content"] = reasoning;
        if (toolCalls != null) message["tool_calls"] = toolCalls;
        return message;
    }

    private static string Envelope(JsonObject message, string finish, string requestId, JsonObject usage, JsonObject? searchInfo)
    {
        var output = new JsonObject
        {
            ["choices"] = new JsonArray(new JsonObject { ["message"] = message, ["finish_reason"] = finish }),
        };
        if (searchInfo != null) output["search_info"] = searchInfo;
        return new JsonObject { ["output"] = output, ["usage"] = usage, ["request_id"] = requestId }.ToJsonString(Json);
    }

    private static JsonObject SearchInfo() => new()
    {
        ["search_results"] = new JsonArray(
            new JsonObject { ["icon"] = "https://example.com/favicon.ico", ["site_name"] = "Example", ["index"] = 1, ["title"] = "Test search result one", ["url"] = "https://example.com/one" },
            new JsonObject { ["icon"] = "", ["site_name"] = "无", ["index"] = 2, ["title"] = "测试搜索结果二", ["url"] = "https://example.org/two" }),
        ["extra_tool_info"] = new JsonArray(),
    };

    private static JsonObject EmptySearchInfo() => new() { ["extra_tool_info"] = new JsonArray(), ["search_results"] = new JsonArray() };

    /// <summary>The calls to make: names from toolcall=A+B, arguments from toolargs (object for all, array per call) or the schema.</summary>
    internal static List<(string Id, string Name, string Arguments)> ToolCalls(JsonArray tools, ServerOptions options)
    {
        JsonNode? given = null;
        if (options.ToolArgs != null)
        {
            var base64 = options.ToolArgs.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            given = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(base64)));
        }
        var names = options.ToolCall!.Split('+', StringSplitOptions.RemoveEmptyEntries);
        var calls = new List<(string, string, string)>();
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i] == "*" ? tools[0]?["function"]?["name"]?.GetValue<string>() ?? "tool" : names[i];
            string arguments;
            if (given is JsonArray perCall) arguments = perCall[Math.Min(i, perCall.Count - 1)]?.ToJsonString(Json) ?? "{}";
            else if (given != null) arguments = given.ToJsonString(Json);
            else arguments = SampleArguments(tools.FirstOrDefault(t => t?["function"]?["name"]?.GetValue<string>() == name)).ToJsonString(Json);
            calls.Add(("call_" + Guid.NewGuid().ToString("n")[..22], name, arguments));
        }
        return calls;
    }

    private static JsonObject SampleArguments(JsonNode? tool)
    {
        var arguments = new JsonObject();
        var schema = tool?["function"]?["parameters"];
        if (schema?["required"] is not JsonArray required) return arguments;
        foreach (var name in required.Select(r => r?.GetValue<string>()).Where(n => n != null))
            arguments[name!] = Sample(schema["properties"]?[name!]);
        return arguments;
    }

    private static JsonNode? Sample(JsonNode? property)
    {
        if (property?["enum"] is JsonArray values && values.Count > 0) return values[0]?.DeepClone();
        return property?["type"]?.GetValue<string>() switch
        {
            "integer" => 1,
            "number" => 1.5,
            "boolean" => true,
            "array" => new JsonArray(Sample(property["items"])),
            "object" => new JsonObject(),
            _ => "test",
        };
    }

    private static JsonArray ToolCallArray(IEnumerable<(string Id, string Name, string Arguments)> calls)
    {
        var array = new JsonArray();
        var index = 0;
        foreach (var (id, name, arguments) in calls)
        {
            array.Add(new JsonObject
            {
                ["function"] = new JsonObject { ["name"] = name, ["arguments"] = arguments },
                ["index"] = index++,
                ["id"] = id,
                ["type"] = "function",
            });
        }
        return array;
    }

    private static string ToolEnvelope(JsonArray toolCalls, string finish, string requestId, JsonObject usage, bool multimodal) =>
        Envelope(Message("", null, multimodal, toolCalls), finish, requestId, usage, null);

    /// <summary>Streamed tool calls as the service sends them (§4.8): head fragment with id and name, then argument slices with id "".</summary>
    private static List<string> ToolCallStream(List<(string Id, string Name, string Arguments)> calls, string requestId, int inputTokens, bool multimodal)
    {
        var payloads = new List<string>();
        var fragments = new List<JsonObject>();
        for (var index = 0; index < calls.Count; index++)
        {
            var (id, name, arguments) = calls[index];
            var split = Math.Max(1, arguments.Length / 2);
            fragments.Add(new JsonObject
            {
                ["index"] = index, ["id"] = id, ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = name, ["arguments"] = arguments[..split] },
            });
            fragments.Add(new JsonObject
            {
                ["index"] = index, ["id"] = "", ["type"] = "function",
                ["function"] = new JsonObject { ["arguments"] = arguments[split..] },
            });
        }
        for (var i = 0; i < fragments.Count; i++)
        {
            var finish = i == fragments.Count - 1 ? "tool_calls" : "null";
            payloads.Add(ToolEnvelope(new JsonArray(fragments[i]), finish, requestId, Usage(inputTokens, 5 * (i + 1)), multimodal));
        }
        return payloads;
    }

    /// <summary>
    /// Deep research: with only the user's question, a clarifying question (answer phase); with a reply, the whole
    /// research: planning, keep-alive, a web research round (goal, queries, sites, learning map), and the report with references.
    /// </summary>
    private static List<string> DeepResearch(JsonArray messages, string requestId, int inputTokens)
    {
        var payloads = new List<string>();
        var output = 0;
        string Event(string phase, string status, string content, JsonObject deepResearch, bool finished = false)
        {
            output += Math.Max(1, content.Length / 2);
            return new JsonObject
            {
                ["output"] = new JsonObject
                {
                    ["message"] = new JsonObject
                    {
                        ["phase"] = phase, ["role"] = "assistant", ["content"] = content,
                        ["extra"] = new JsonObject { ["deep_research"] = deepResearch }, ["status"] = status,
                    },
                    ["fininshed"] = finished,
                    ["fininshed_reason"] = finished ? "stop" : "null",
                },
                ["usage"] = new JsonObject { ["input_tokens"] = inputTokens, ["output_tokens"] = output },
                ["request_id"] = requestId,
            }.ToJsonString(Json);
        }
        JsonObject Round(JsonObject research) => new() { ["research"] = research };

        var replied = messages.Any(m => m?["role"]?.GetValue<string>() == "assistant");
        if (!replied)
        {
            foreach (var piece in new[] { "请问您希望", "重点研究哪些", "具体方面？" })
                payloads.Add(Event("answer", "typing", piece, new JsonObject()));
            payloads.Add(Event("answer", "finished", "", new JsonObject(), finished: true));
            return payloads;
        }

        foreach (var piece in new[] { "本研究聚焦于", "个性化学习。" })
            payloads.Add(Event("ResearchPlanning", "typing", piece, new JsonObject()));
        payloads.Add(Event("ResearchPlanning", "finished", "", new JsonObject()));
        payloads.Add(Event("KeepAlive", "typing", "", new JsonObject()));
        payloads.Add(Event("WebResearch", "streamingQueries", "", Round(new JsonObject { ["researchGoal"] = "深入理解", ["id"] = 1, ["query"] = "" })));
        payloads.Add(Event("WebResearch", "streamingQueries", "", Round(new JsonObject { ["researchGoal"] = "人工智能", ["id"] = 1, ["query"] = "" })));
        payloads.Add(Event("WebResearch", "streamingQueries", "", Round(new JsonObject { ["id"] = 1, ["query"] = "人工智能 个性化学习" })));
        payloads.Add(Event("WebResearch", "streamingWebResult", "", Round(new JsonObject
        {
            ["id"] = 1,
            ["webSites"] = new JsonArray(
                new JsonObject { ["description"] = "摘要一", ["title"] = "个性化学习研究", ["favicon"] = "", ["url"] = "https://example.edu/a" },
                new JsonObject { ["description"] = "摘要二", ["title"] = "AI 教育报告", ["favicon"] = "https://example.com/i.ico", ["url"] = "https://example.com/b" }),
        })));
        payloads.Add(Event("WebResearch", "streamingWebResult", "", Round(new JsonObject { ["id"] = 1, ["learningMap"] = new JsonObject { ["1"] = "该" } })));
        payloads.Add(Event("WebResearch", "streamingWebResult", "", Round(new JsonObject { ["id"] = 1, ["learningMap"] = new JsonObject { ["2"] = "领域发展迅速" } })));
        payloads.Add(Event("WebResearch", "WebResultFinished", "", Round(new JsonObject { ["id"] = 1 })));
        payloads.Add(Event("WebResearch", "finished", "", new JsonObject()));
        payloads.Add(Event("KeepAlive", "typing", "", new JsonObject()));
        var references = new JsonObject
        {
            ["references"] = new JsonArray(new JsonObject
            {
                ["icon"] = "https://example.com/i.ico", ["description"] = "推荐系统", ["index_number"] = 1,
                ["title"] = "基于人工智能的推荐系统", ["url"] = "https://example.com/ref1",
            }),
        };
        payloads.Add(Event("answer", "typing", "# 研究报告\n", references));
        payloads.Add(Event("answer", "typing", "人工智能正在改变个性化学习[1]。", new JsonObject()));
        payloads.Add(Event("answer", "finished", "", new JsonObject(), finished: true));
        return payloads;
    }
}
