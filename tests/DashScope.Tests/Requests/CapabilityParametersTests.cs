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
}
