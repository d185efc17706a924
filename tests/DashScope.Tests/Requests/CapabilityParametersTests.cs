using System.Net.Http;
using System.Text;
using System.Text.Json;
using DashScope.Client;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Streaming;
using DashScope.Tests.Client;
using DashScope.Tools;
using Xunit;

namespace DashScope.Tests.Requests;

public class CapabilityParametersTests
{
    private static JsonElement Body(ChatRequest request, bool stream = false) => JsonDocument.Parse(ChatRequestBuilder.Build(request, stream)).RootElement;

    private static ToolDefinition WeatherTool() => ToolDefinition.FromSchema(new Dictionary<string, object?>
    {
        ["type"] = "function",
        ["function"] = new Dictionary<string, object?>
        {
            ["name"] = "get_current_weather",
            ["description"] = "获取现在的天气",
            ["parameters"] = new Dictionary<string, object?>
            {
                ["type"] = "object",
                ["properties"] = new Dictionary<string, object?>
                {
                    ["location"] = new Dictionary<string, object?> { ["type"] = "string", ["description"] = "要获取天气的省市名称，例如浙江省杭州市" },
                },
                ["required"] = new List<object?> { "location" },
            },
        },
    });

    [Fact]
    public void Tool_results_fed_back_match_the_recorded_request()
    {
        var request = new ChatRequest
        {
            Model = "qwen-plus",
            Seed = 6999,
            Tools = new List<ToolDefinition> { WeatherTool() },
            ParallelToolCalls = true,
            Messages = new List<QwenChatMessage>
            {
                new("user", "杭州上海现在的天气如何？"),
                new("assistant", "")
                {
                    ToolCalls = new List<QwenToolCall>
                    {
                        new() { Index = 0, Id = "call_cec4c19d27624537b583af", Name = "get_current_weather", Arguments = "{\"location\": \"浙江省杭州市\"}" },
                        new() { Index = 1, Id = "call_dxjdop3d27624537b583af", Name = "get_current_weather", Arguments = "{\"location\": \"上海市\"}" },
                    },
                },
                new("tool", "浙江省杭州市 大部多云，摄氏 18 度") { ToolCallId = "call_cec4c19d27624537b583af" },
                new("tool", "上海市 多云转小雨，摄氏 19 度") { ToolCallId = "call_dxjdop3d27624537b583af" },
            },
        };
        JsonAssert.Equal(JsonDocument.Parse(TestPaths.RequestBody("single-generation-message-with-tools-sse")).RootElement, Body(request, stream: true));
    }

    [Fact]
    public void Search_options_and_forced_tool_choice_are_written_as_recorded()
    {
        var request = new ChatRequest
        {
            Messages = new List<QwenChatMessage> { new("user", "杭州现在的天气如何？") },
            Tools = new List<ToolDefinition> { WeatherTool() },
            ToolChoice = "get_current_weather",
            EnableSearch = true,
            SearchOptions = new Dictionary<string, object?> { ["enable_source"] = true, ["forced_search"] = true },
            ResponseFormat = "json_object",
        };
        var parameters = Body(request).GetProperty("parameters");
        var recorded = JsonDocument.Parse(TestPaths.RequestBody("single-generation-message-with-tools-nosse")).RootElement.GetProperty("parameters");
        JsonAssert.Equal(recorded.GetProperty("tools"), parameters.GetProperty("tools"));
        JsonAssert.Equal(recorded.GetProperty("tool_choice"), parameters.GetProperty("tool_choice"));
        Assert.True(parameters.GetProperty("enable_search").GetBoolean());
        Assert.True(parameters.GetProperty("search_options").GetProperty("forced_search").GetBoolean());
        Assert.Equal("json_object", parameters.GetProperty("response_format").GetProperty("type").GetString());
    }

    [Fact]
    public void Tool_arguments_bind_only_offered_parameters()
    {
        var tool = WeatherTool();
        Assert.NotNull(ToolArguments.Bind(tool, "{\"location\":\"Hangzhou\"}", out _));
        Assert.Null(ToolArguments.Bind(tool, "{\"location\":\"x\",\"Force\":true}", out var unknown));
        Assert.Contains("no parameter 'Force'", unknown);
        Assert.Null(ToolArguments.Bind(tool, "{}", out var missing));
        Assert.Contains("location", missing);
        Assert.Null(ToolArguments.Bind(tool, "{\"location\":", out var broken));
        Assert.Contains("not valid JSON", broken);
    }

    private static JsonElement Recorded(string name) => JsonDocument.Parse(TestPaths.RequestBody(name)).RootElement;

    /// <summary>The recorded body without members this client leaves out (the server default is the same).</summary>
    private static JsonElement RecordedWithout(string name, params string[] parameters)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(TestPaths.RequestBody(name))!.AsObject();
        foreach (var parameter in parameters) Assert.True(node["parameters"]!.AsObject().Remove(parameter), name + " has no " + parameter);
        return JsonDocument.Parse(node.ToJsonString()).RootElement;
    }

    [Fact]
    public void Translation_options_match_the_recorded_request()
    {
        var request = new ChatRequest
        {
            Model = "qwen-mt-plus",
            Messages = [new QwenChatMessage("user", "博客园的理念是代码改变世界")],
            Translation = new TranslationOptions
            {
                SourceLanguage = "Chinese",
                TargetLanguage = "English",
                Terms = [new TranslationTerm("博客园", "cnblogs")],
                Memory = [new TranslationTerm("代码改变世界", "Coding changes world")],
                Domain = "This text is a promotion.",
            },
        };
        // The recording says incremental_output:false, which is what a whole answer means anyway.
        JsonAssert.Equal(RecordedWithout("single-generation-message-translation-nosse", "incremental_output"), Body(request));
    }

    [Fact]
    public void Translation_without_terms_memory_or_domain_sends_only_the_languages()
    {
        var request = new ChatRequest
        {
            Model = "qwen-mt-flash",
            Messages = [new QwenChatMessage("user", "你好")],
            Translation = new TranslationOptions { TargetLanguage = "Japanese" },
        };
        JsonAssert.Equal(JsonDocument.Parse("""{"source_lang":"auto","target_lang":"Japanese"}""").RootElement,
            Body(request).GetProperty("parameters").GetProperty("translation_options"));
    }

    [Fact]
    public void Log_probabilities_match_the_recorded_request()
    {
        var request = new ChatRequest
        {
            Model = "qwen-max",
            Messages = [new QwenChatMessage("user", "请问 1+1 是多少？请直接输出结果")],
            Seed = 1234,
            MaxTokens = 1500,
            TopP = 0.8,
            TopK = 100,
            RepetitionPenalty = 1.1,
            Temperature = 0.85,
            LogProbabilities = true,
            TopLogProbabilities = 2,
        };
        JsonAssert.Equal(Recorded("single-generation-message-logprobs-nosse"), Body(request));
    }

    [Fact]
    public void Several_choices_with_a_logit_bias_match_the_recorded_roleplay_request()
    {
        var recorded = Recorded("single-generation-message-roleplay-nosse");
        var messages = recorded.GetProperty("input").GetProperty("messages").EnumerateArray()
            .Select(message => new QwenChatMessage(message.GetProperty("role").GetString()!, message.GetProperty("content").GetString()))
            .ToList();
        var request = new ChatRequest
        {
            Model = "qwen-plus-character",
            Messages = messages,
            Choices = 2,
            AdditionalParameters = new Dictionary<string, object?>
            {
                ["logit_bias"] = new Dictionary<string, object?> { ["9909"] = -100, ["42344"] = -100, ["58359"] = -100, ["91093"] = -100 },
            },
        };
        JsonAssert.Equal(recorded, Body(request));
    }

    [Fact]
    public void The_code_interpreter_matches_the_recorded_request()
    {
        var request = new ChatRequest
        {
            Model = "qwen3-max-preview",
            Messages = [new QwenChatMessage("user", "123的21次方是多少？")],
            EnableThinking = true,
            EnableCodeInterpreter = true,
        };
        JsonAssert.Equal(Recorded("single-generation-message-with-code-interpreter-sse"), Body(request, stream: true));
    }

    [Fact]
    public void Reasoning_effort_matches_the_recorded_request_apart_from_the_stream()
    {
        var request = new ChatRequest
        {
            Model = "deepseek-v4-pro",
            Messages = [new QwenChatMessage("user", "填入数列“1，7，8，57，（ ），3370”空缺处的数字")],
            EnableThinking = true,
            ReasoningEffort = "xhigh",
        };
        // The recording is a whole answer with incremental_output:false; this client streams thinking calls, incrementally.
        var expected = System.Text.Json.Nodes.JsonNode.Parse(TestPaths.RequestBody("single-generation-message-reasoning-effort-nosse"))!.AsObject();
        expected["parameters"]!["incremental_output"] = true;
        expected["parameters"]!["result_format"] = "message";
        JsonAssert.Equal(JsonDocument.Parse(expected.ToJsonString()).RootElement, Body(request, stream: true));
    }
}
