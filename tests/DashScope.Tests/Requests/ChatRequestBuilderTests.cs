using DashScope.Catalog;
using System.Collections;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DashScope.Models;
using DashScope.Requests;
using Xunit;
using static DashScope.Tests.TestJson;

namespace DashScope.Tests.Requests;

public class ChatRequestBuilderTests
{
    private static JsonDocument Build(ChatRequest request, bool stream = false)
    {
        var bytes = ChatRequestBuilder.Build(request, stream);
        var document = JsonDocument.Parse(bytes);
        JsonAssert.NoDuplicateMembers(document.RootElement);
        return document;
    }

    /// <summary>The recorded request body, minus the parameters this client deliberately does not send.</summary>
    private static JsonDocument Recorded(string name, params string[] parametersNotSent)
    {
        var node = JsonNode.Parse(TestPaths.RequestBody(name))!.AsObject();
        var parameters = node["parameters"]!.AsObject();
        foreach (var parameter in parametersNotSent)
        {
            Assert.True(parameters.ContainsKey(parameter), name + " has no parameter " + parameter + " to leave out");
            parameters.Remove(parameter);
        }
        return JsonDocument.Parse(node.ToJsonString());
    }

    private static ChatRequest Ask(string prompt, string model = "qwen-plus") => new()
    {
        Model = model,
        Messages = [new QwenChatMessage("user", prompt)],
    };

    [Fact]
    public void Single_generation_message_sse_request_matches_the_recording()
    {
        var request = new ChatRequest
        {
            Model = "qwen-max",
            Messages = [new QwenChatMessage("user", "请问 1+1 是多少？")],
            Seed = 1234,
            TopP = 0.8,
            TopK = 100,
            RepetitionPenalty = 1.1,
            Temperature = 0.85,
            AdditionalParameters = new Dictionary<string, object?>
            {
                // The recording uses the newer max_completion_tokens name, and stop as token-id sequences,
                // which ChatRequest.Stop (strings) does not model: both go through AdditionalParameters.
                ["max_completion_tokens"] = 1500,
                ["stop"] = new[] { new[] { 37763, 367 } },
            },
        };

        using var built = Build(request, stream: true);
        // enable_search:false is deliberately not sent: it is the service default, and the Python SDK drops it
        // for qwen models as well (protocol §3.1). Everything else must be exactly what was recorded.
        using var recorded = Recorded("single-generation-message-sse", "enable_search");

        Assert.Equal("qwen-max", built.RootElement.GetProperty("model").GetString());
        JsonAssert.Equal(recorded.RootElement.GetProperty("input").GetProperty("messages"), built.RootElement.GetProperty("input").GetProperty("messages"), "$.input.messages");
        var parameters = built.RootElement.GetProperty("parameters");
        foreach (var expected in recorded.RootElement.GetProperty("parameters").EnumerateObject())
        {
            Assert.True(parameters.TryGetProperty(expected.Name, out var actual), "parameter " + expected.Name + " was not sent");
            JsonAssert.Equal(expected.Value, actual, "$.parameters." + expected.Name);
        }
        JsonAssert.Equal(recorded.RootElement, built.RootElement);
    }

    [Fact]
    public void Conversation_generation_message_sse_request_matches_the_recording()
    {
        var request = new ChatRequest
        {
            Model = "qwen-max",
            Messages =
            [
                new QwenChatMessage("user", "现在请你记住一个数字，42"),
                new QwenChatMessage("assistant", "好的，我已经记住了这个数字。"),
                new QwenChatMessage("user", "请问我刚才提到的数字是多少？"),
            ],
            Seed = 1234,
            MaxTokens = 1500,
            TopP = 0.8,
            TopK = 100,
            RepetitionPenalty = 1.1,
            Temperature = 0.85,
            AdditionalParameters = new Dictionary<string, object?> { ["stop"] = new List<object> { new List<object> { 37763, 367 } } },
        };

        using var built = Build(request, stream: true);
        // enable_search:false: the service default, deliberately not sent (see above).
        using var recorded = Recorded("conversation-generation-message-sse", "enable_search");

        JsonAssert.Equal(recorded.RootElement, built.RootElement);
        Assert.Equal(1500, built.RootElement.GetProperty("parameters").GetProperty("max_tokens").GetInt32());
        Assert.Equal(3, built.RootElement.GetProperty("input").GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public void Reasoning_sse_request_matches_the_recording()
    {
        var request = new ChatRequest
        {
            Model = "qwen-plus-latest",
            Messages = [new QwenChatMessage("user", "请问 1+1 是多少？")],
            EnableThinking = true,
            ThinkingBudget = 10,
        };

        using var built = Build(request, stream: true);
        using var recorded = Recorded("single-generation-message-reasoning-sse");

        JsonAssert.Equal(recorded.RootElement, built.RootElement);
        var parameters = built.RootElement.GetProperty("parameters");
        Assert.True(parameters.GetProperty("enable_thinking").GetBoolean());
        Assert.Equal(10, parameters.GetProperty("thinking_budget").GetInt32());
        Assert.True(parameters.GetProperty("incremental_output").GetBoolean());
    }

    [Fact]
    public void Tool_results_request_matches_the_recording()
    {
        var tools = JsonDocument.Parse(TestPaths.RequestBody("single-generation-message-with-tools-sse")).RootElement.GetProperty("parameters").GetProperty("tools").Clone();
        var request = new ChatRequest
        {
            Model = "qwen-plus",
            Messages =
            [
                new QwenChatMessage("user", "杭州上海现在的天气如何？"),
                new QwenChatMessage("assistant", "")
                {
                    ToolCalls =
                    [
                        new QwenToolCall { Index = 0, Id = "call_cec4c19d27624537b583af", Name = "get_current_weather", Arguments = "{\"location\": \"浙江省杭州市\"}" },
                        new QwenToolCall { Index = 1, Id = "call_dxjdop3d27624537b583af", Name = "get_current_weather", Arguments = "{\"location\": \"上海市\"}" },
                    ],
                },
                new QwenChatMessage("tool", "浙江省杭州市 大部多云，摄氏 18 度") { ToolCallId = "call_cec4c19d27624537b583af" },
                new QwenChatMessage("tool", "上海市 多云转小雨，摄氏 19 度") { ToolCallId = "call_dxjdop3d27624537b583af" },
            ],
            Seed = 6999,
            AdditionalParameters = new Dictionary<string, object?> { ["tools"] = tools, ["parallel_tool_calls"] = true },
        };

        using var built = Build(request, stream: true);
        using var recorded = Recorded("single-generation-message-with-tools-sse");

        JsonAssert.Equal(recorded.RootElement, built.RootElement);
        Assert.Equal(ChatRequestBuilder.TextGenerationPath, ChatRequestBuilder.PathFor(request));
    }

    [Fact]
    public void Multimodal_tool_results_request_matches_the_recording_in_parts_format()
    {
        var recordedText = TestPaths.RequestBody("multimodal-generation-message-with-tools-sse");
        var tools = Parse(recordedText).GetProperty("parameters").GetProperty("tools");
        const string question = "根据杭州和上海现在的天气，以这张图片为参考，编一个 100 字以内的小故事";
        var request = new ChatRequest
        {
            Model = "qwen3.6-plus",
            Messages =
            [
                new QwenChatMessage("user", question),
                new QwenChatMessage("assistant", null)
                {
                    ToolCalls =
                    [
                        new QwenToolCall { Index = 0, Id = "call_aa99ad078f294a3d81da41d7", Name = "get_current_weather", Arguments = "{\"location\": \"浙江省杭州市\"}" },
                        new QwenToolCall { Index = 1, Id = "call_aa8b6311567847e197e6ca7f", Name = "get_current_weather", Arguments = "{\"location\": \"上海市\"}" },
                    ],
                },
                new QwenChatMessage("tool", "杭州-大部多云") { ToolCallId = "call_aa99ad078f294a3d81da41d7" },
                new QwenChatMessage("tool", "上海-晴") { ToolCallId = "call_aa8b6311567847e197e6ca7f" },
            ],
            EnableThinking = true,
            AdditionalParameters = new Dictionary<string, object?> { ["tools"] = tools, ["parallel_tool_calls"] = true },
        };

        Assert.Equal(ChatRequestBuilder.MultimodalGenerationPath, ChatRequestBuilder.PathFor(request));
        using var built = Build(request, stream: true);
        using var recorded = JsonDocument.Parse(recordedText);

        var builtMessages = built.RootElement.GetProperty("input").GetProperty("messages");
        var recordedMessages = recorded.RootElement.GetProperty("input").GetProperty("messages");
        // The recorded user message also carries an image part, which a text chat request cannot hold; its text part must match.
        JsonAssert.Equal(Parse("[{\"text\":\"" + question + "\"}]"), builtMessages[0].GetProperty("content"));
        Assert.Equal(recordedMessages[0].GetProperty("content")[1].GetProperty("text").GetString(), builtMessages[0].GetProperty("content")[0].GetProperty("text").GetString());
        for (var i = 1; i < 4; i++) JsonAssert.Equal(recordedMessages[i], builtMessages[i], "$.input.messages[" + i + "]");

        // result_format is not in the recording: the builder always sends "message", which the multimodal endpoint answers anyway.
        var parameters = built.RootElement.GetProperty("parameters");
        Assert.Equal("message", parameters.GetProperty("result_format").GetString());
        foreach (var expected in recorded.RootElement.GetProperty("parameters").EnumerateObject())
            JsonAssert.Equal(expected.Value, parameters.GetProperty(expected.Name), "$.parameters." + expected.Name);
        Assert.Equal(recorded.RootElement.GetProperty("parameters").EnumerateObject().Count() + 1, parameters.EnumerateObject().Count());
    }

    [Fact]
    public void Chinese_is_written_raw_not_escaped()
    {
        var request = Ask("用一句话介绍杭州。\"引号\" 和 <b>标签</b> & 😊");
        request = request with { Messages = [new QwenChatMessage("system", "你是一个助手"), .. request.Messages] };

        var bytes = ChatRequestBuilder.Build(request, stream: false);
        var text = Encoding.UTF8.GetString(bytes);

        Assert.Contains("用一句话介绍杭州。", text);
        Assert.Contains("你是一个助手", text);
        Assert.Contains("<b>标签</b> &", text);
        // No CJK (or other BMP) character is \u-escaped. Characters beyond the BMP (the emoji) may be written as an
        // escaped surrogate pair by System.Text.Json's relaxed encoder; that is still the same JSON string.
        Assert.DoesNotContain("\\u", text.Replace("\\uD83D\\uDE0A", "", StringComparison.OrdinalIgnoreCase), StringComparison.OrdinalIgnoreCase);
        // Still valid JSON with the quote escaped, and the text round-trips.
        using var document = JsonDocument.Parse(bytes);
        Assert.Equal("用一句话介绍杭州。\"引号\" 和 <b>标签</b> & 😊", document.RootElement.GetProperty("input").GetProperty("messages")[1].GetProperty("content").GetString());
        Assert.False(bytes.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }), "the body must not start with a BOM");
    }

    [Theory]
    [InlineData("qwen3.6-plus", true)]
    [InlineData("qwen3.5-plus", true)]
    [InlineData("qwen3.5-flash", true)]
    [InlineData("Qwen3.6-Plus", true)]
    [InlineData("qwen3.9-max", true)]
    [InlineData("qwen3-vl-plus", true)]
    [InlineData("qwen-vl-max-latest", true)]
    [InlineData("qvq-max", true)]
    [InlineData("qwen-audio-turbo", true)]
    [InlineData("qwen3-asr-flash", true)]
    [InlineData("qwen-vl-ocr-latest", true)]
    [InlineData("qwen-image-plus", true)]
    [InlineData("qwen-plus", false)]
    [InlineData("qwen-max", false)]
    [InlineData("qwen3-max", false)]
    [InlineData("qwen3-235b-a22b", false)]
    [InlineData("qwen3.0-test", false)]
    [InlineData("qwen2.5-72b-instruct", false)]
    [InlineData("qwen-plus-latest", false)]
    [InlineData("deepseek-v3", false)]
    [InlineData("qwen-mt-flash", false)]
    [InlineData("some-future-model", false)]
    public void The_model_catalog_picks_the_endpoint(string model, bool multimodal)
    {
        Assert.Equal(multimodal ? ChatRequestBuilder.MultimodalGenerationPath : ChatRequestBuilder.TextGenerationPath,
            ChatRequestBuilder.PathFor(Ask("hi", model)));
        using var built = Build(Ask("hi", model));
        var content = built.RootElement.GetProperty("input").GetProperty("messages")[0].GetProperty("content");
        Assert.Equal(multimodal ? JsonValueKind.Array : JsonValueKind.String, content.ValueKind);
    }

    [Theory]
    [InlineData("qwen-plus", ModelEndpoint.Multimodal)]
    [InlineData("qwen3-vl-plus", ModelEndpoint.Text)]
    public void An_explicit_endpoint_overrides_the_catalog(string model, ModelEndpoint endpoint)
    {
        var request = Ask("hi", model) with { Endpoint = endpoint };
        Assert.Equal(endpoint == ModelEndpoint.Multimodal ? ChatRequestBuilder.MultimodalGenerationPath : ChatRequestBuilder.TextGenerationPath,
            ChatRequestBuilder.PathFor(request));
    }

    [Fact]
    public void Multimodal_model_gets_parts_content_for_every_role()
    {
        var request = new ChatRequest
        {
            Model = "qwen3.6-plus",
            Messages =
            [
                new QwenChatMessage("system", "简洁回答"),
                new QwenChatMessage("user", "杭州在哪里？"),
                new QwenChatMessage("assistant", "浙江。"),
                new QwenChatMessage("assistant", ""),
                new QwenChatMessage("user", "再说一次"),
            ],
        };

        using var built = Build(request);
        var messages = built.RootElement.GetProperty("input").GetProperty("messages");

        JsonAssert.Equal(Parse("""
            [{"role":"system","content":[{"text":"简洁回答"}]},
             {"role":"user","content":[{"text":"杭州在哪里？"}]},
             {"role":"assistant","content":[{"text":"浙江。"}]},
             {"role":"assistant","content":[]},
             {"role":"user","content":[{"text":"再说一次"}]}]
            """), messages);
    }

    [Fact]
    public void Text_model_gets_string_content_and_null_becomes_empty()
    {
        var request = Ask("hi");
        request = request with { Messages = [.. request.Messages, new QwenChatMessage("assistant", null)] };
        request = request with { Messages = [.. request.Messages, new QwenChatMessage("user", "again")] };

        using var built = Build(request);
        JsonAssert.Equal(Parse("""[{"role":"user","content":"hi"},{"role":"assistant","content":""},{"role":"user","content":"again"}]"""),
            built.RootElement.GetProperty("input").GetProperty("messages"));
    }

    [Fact]
    public void History_fields_are_written_only_when_set()
    {
        var request = Ask("继续");
        request = request with { Messages = [.. request.Messages, new QwenChatMessage("assistant", "从前有座山") { Partial = true, ReasoningContent = "想一想", Name = "narrator" }] };

        using var built = Build(request);
        JsonAssert.Equal(Parse("""
            [{"role":"user","content":"继续"},
             {"role":"assistant","content":"从前有座山","reasoning_content":"想一想","name":"narrator","partial":true}]
            """), built.RootElement.GetProperty("input").GetProperty("messages"));
    }

    [Fact]
    public void Non_stream_request_has_result_format_message_and_no_incremental_output()
    {
        using var built = Build(Ask("hi"));

        JsonAssert.Equal(Parse("""{"model":"qwen-plus","input":{"messages":[{"role":"user","content":"hi"}]},"parameters":{"result_format":"message"}}"""), built.RootElement);
    }

    [Fact]
    public void All_modelled_parameters_are_written_with_their_wire_names()
    {
        var request = Ask("hi");
        request = request with { Temperature = 0.7 };
        request = request with { TopP = 0.9 };
        request = request with { TopK = 50 };
        request = request with { Seed = 4294967295L };
        request = request with { MaxTokens = 256 };
        request = request with { Stop = ["\n\n", "结束"] };
        request = request with { RepetitionPenalty = 1.05 };
        request = request with { PresencePenalty = -0.5 };
        request = request with { EnableThinking = false };
        request = request with { ThinkingBudget = 100 };

        using var built = Build(request, stream: true);

        JsonAssert.Equal(Parse("""
            {"result_format":"message","incremental_output":true,"temperature":0.7,"top_p":0.9,"top_k":50,"seed":4294967295,
             "max_tokens":256,"stop":["\n\n","结束"],"repetition_penalty":1.05,"presence_penalty":-0.5,
             "enable_thinking":false,"thinking_budget":100}
            """), built.RootElement.GetProperty("parameters"));
    }

    [Fact]
    public void Additional_parameters_cannot_override_incremental_output_or_result_format()
    {
        var request = Ask("hi");
        request = request with { AdditionalParameters = new Dictionary<string, object?>(request.AdditionalParameters) { ["incremental_output"] = false } };
        request = request with { AdditionalParameters = new Dictionary<string, object?>(request.AdditionalParameters) { ["result_format"] = "text" } };

        using var built = Build(request, stream: true);
        var parameters = built.RootElement.GetProperty("parameters");
        Assert.True(parameters.GetProperty("incremental_output").GetBoolean());
        Assert.Equal("message", parameters.GetProperty("result_format").GetString());

        var nonStream = Ask("hi");
        nonStream = nonStream with { AdditionalParameters = new Dictionary<string, object?>(nonStream.AdditionalParameters) { ["incremental_output"] = true } };
        using var builtNonStream = Build(nonStream);
        Assert.False(builtNonStream.RootElement.GetProperty("parameters").TryGetProperty("incremental_output", out _));
    }

    [Fact]
    public void Additional_parameters_override_modelled_ones_once()
    {
        var request = Ask("hi");
        request = request with { Temperature = 0.5 };
        request = request with { Stop = ["x"] };
        request = request with { MaxTokens = 10 };
        request = request with { AdditionalParameters = new Dictionary<string, object?>(request.AdditionalParameters) { ["temperature"] = 0.9 } };
        request = request with { AdditionalParameters = new Dictionary<string, object?>(request.AdditionalParameters) { ["stop"] = "END" } };
        request = request with { AdditionalParameters = new Dictionary<string, object?>(request.AdditionalParameters) { ["max_tokens"] = 20 } };

        using var built = Build(request);
        var parameters = built.RootElement.GetProperty("parameters");
        Assert.Equal(0.9, parameters.GetProperty("temperature").GetDouble());
        Assert.Equal("END", parameters.GetProperty("stop").GetString());
        Assert.Equal(20, parameters.GetProperty("max_tokens").GetInt32());
    }

    [Fact]
    public void Additional_parameters_write_plain_dotnet_values_as_json()
    {
        var request = Ask("hi");
        var hashtable = new Hashtable { ["enable_source"] = true, ["freshness"] = 7 };
        request = request with { AdditionalParameters = new Dictionary<string, object?>(request.AdditionalParameters) { ["search_options"] = hashtable } };
        request = request with { AdditionalParameters = new Dictionary<string, object?>(request.AdditionalParameters) { ["enable_search"] = true } };
        request = request with { AdditionalParameters = new Dictionary<string, object?>(request.AdditionalParameters) { ["n"] = (short)2 } };
        request = request with { AdditionalParameters = new Dictionary<string, object?>(request.AdditionalParameters) { ["logit_bias"] = new Dictionary<string, object?> { ["1234"] = -100L, ["5678"] = 1.5m } } };
        request = request with { AdditionalParameters = new Dictionary<string, object?>(request.AdditionalParameters) { ["list"] = new List<object?> { 1, "two", null, 3.25, false, 'c', ulong.MaxValue } } };
        request = request with { AdditionalParameters = new Dictionary<string, object?>(request.AdditionalParameters) { ["nothing"] = null } };
        request = request with { AdditionalParameters = new Dictionary<string, object?>(request.AdditionalParameters) { ["kind"] = DayOfWeek.Monday } };
        request = request with { AdditionalParameters = new Dictionary<string, object?>(request.AdditionalParameters) { ["element"] = Parse("""{"type":"json_object"}""") } };

        using var built = Build(request);
        var parameters = built.RootElement.GetProperty("parameters");

        JsonAssert.Equal(Parse("""{"enable_source":true,"freshness":7}"""), parameters.GetProperty("search_options"));
        Assert.True(parameters.GetProperty("enable_search").GetBoolean());
        Assert.Equal(2, parameters.GetProperty("n").GetInt32());
        JsonAssert.Equal(Parse("""{"1234":-100,"5678":1.5}"""), parameters.GetProperty("logit_bias"));
        JsonAssert.Equal(Parse("""[1,"two",null,3.25,false,"c",18446744073709551615]"""), parameters.GetProperty("list"));
        Assert.Equal(JsonValueKind.Null, parameters.GetProperty("nothing").ValueKind);
        Assert.Equal("Monday", parameters.GetProperty("kind").GetString());
        JsonAssert.Equal(Parse("""{"type":"json_object"}"""), parameters.GetProperty("element"));
    }

    [Fact]
    public void Empty_conversation_is_invalid_input()
    {
        var error = Assert.Throws<DashScopeException>(() => ChatRequestBuilder.Build(new ChatRequest { Model = "qwen-plus" }, stream: false));
        Assert.Equal(DashScopeErrorKind.InvalidInput, error.Kind);
        Assert.False(error.IsTransient);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Missing_model_is_invalid_input(string model)
    {
        var error = Assert.Throws<DashScopeException>(() => ChatRequestBuilder.Build(Ask("hi", model), stream: false));
        Assert.Equal(DashScopeErrorKind.InvalidInput, error.Kind);
    }

    [Theory]
    [InlineData("User")]
    [InlineData("bot")]
    [InlineData("")]
    public void Unknown_role_is_invalid_input(string role)
    {
        var request = Ask("hi");
        request = request with { Messages = [.. request.Messages, new QwenChatMessage(role, "x")] };

        var error = Assert.Throws<DashScopeException>(() => ChatRequestBuilder.Build(request, stream: false));
        Assert.Equal(DashScopeErrorKind.InvalidInput, error.Kind);
        Assert.Contains("'" + role + "'", error.Message);
    }
}

public class DocumentUrlPartTests
{
    [Fact]
    public void Documents_by_url_go_to_the_text_endpoint_as_typed_parts_as_recorded()
    {
        var urls = new List<string> { "https://example.com/a.docx", "https://example.com/b.docx" };
        var request = new ChatRequest
        {
            Model = "qwen-doc-turbo",
            Messages =
            [
                new QwenChatMessage("system", "You are a helpful assistant."),
                new QwenChatMessage("user", "提取产品信息") { Parts = [QwenContentPart.FromText("提取产品信息"), QwenContentPart.Documents(urls)] },
            ],
        };
        Assert.Equal(ChatRequestBuilder.TextGenerationPath, ChatRequestBuilder.PathFor(request));
        using var built = JsonDocument.Parse(ChatRequestBuilder.Build(request, stream: true));
        JsonAssert.Equal(JsonDocument.Parse("""
            [{"role":"system","content":"You are a helpful assistant."},
             {"role":"user","content":[{"type":"text","text":"提取产品信息"},
               {"type":"doc_url","doc_url":["https://example.com/a.docx","https://example.com/b.docx"],"file_parsing_strategy":"auto"}]}]
            """).RootElement, built.RootElement.GetProperty("input").GetProperty("messages"));
    }

    [Fact]
    public void Messages_read_documents_by_url_in_the_wire_and_the_history_shape()
    {
        var wire = MessageReader.Read(new Dictionary<string, object?>
        {
            ["role"] = "user",
            ["content"] = new List<object?>
            {
                new Dictionary<string, object?> { ["type"] = "text", ["text"] = "read these" },
                new Dictionary<string, object?> { ["type"] = "doc_url", ["doc_url"] = new List<object?> { "https://example.com/a.pdf" }, ["file_parsing_strategy"] = "auto" },
            },
        });
        Assert.Equal("read these", wire.Content);
        var document = Assert.Single(wire.Parts!, part => part.IsDocument);
        Assert.Equal(["https://example.com/a.pdf"], document.DocumentUrls!);
        Assert.False(document.IsMedia);

        var history = MessageReader.Read(new Dictionary<string, object?>
        {
            ["Role"] = "user",
            ["Parts"] = new List<object?>
            {
                new Dictionary<string, object?> { ["Type"] = "text", ["Text"] = "read these" },
                new Dictionary<string, object?> { ["Type"] = "doc_url", ["DocumentUrls"] = new List<object?> { "https://example.com/a.pdf" }, ["FileParsingStrategy"] = "auto" },
            },
        });
        Assert.Equal("auto", history.Parts!.Single(part => part.IsDocument).FileParsingStrategy);
    }

    [Fact]
    public void Documents_by_url_cannot_go_with_media_to_the_multimodal_endpoint()
    {
        var request = new ChatRequest
        {
            Model = "qwen-vl-max",
            Messages = [new QwenChatMessage("user", "x") { Parts = [QwenContentPart.Image("https://example.com/a.png"), QwenContentPart.Documents(["https://example.com/a.pdf"])] }],
        };
        Assert.Equal(DashScopeErrorKind.InvalidInput, Assert.Throws<DashScopeException>(() => ChatRequestBuilder.Build(request, stream: false)).Kind);
    }
}
