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

namespace DashScope.Tests.Capabilities;

/// <summary>Web search, tool calls, deep research and the files client: decoding, accumulation and request bodies.</summary>
public class CapabilityDecodingTests
{
    private static ChatAccumulator Accumulate(string recording)
    {
        var accumulator = new ChatAccumulator();
        foreach (var data in RecordedStream.DataLines(recording)) accumulator.Add(GenerationChunkDecoder.Decode(Encoding.UTF8.GetBytes(data)));
        return accumulator;
    }

    [Fact]
    public void Search_results_of_the_first_event_survive_the_empty_arrays_of_later_events()
    {
        var result = Accumulate("single-generation-message-search-sse").ToResult("qwen-plus", new List<QwenChatMessage>(), true);
        Assert.Equal(5, result.SearchResults.Count);
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, result.SearchResults.Select(r => r.Index));
        Assert.Equal("杭州市15天天气查询", result.SearchResults[0].Title);
        Assert.Equal("厦门时空科技有限公司", result.SearchResults[0].SiteName);
        Assert.Equal("http://www.ip.cn/favicon.ico", result.SearchResults[0].Icon);
        Assert.NotNull(result.Usage);
        Assert.True(result.Usage!.TotalTokens > 700);
    }

    [Fact]
    public void Non_streamed_search_has_results_and_plugin_info()
    {
        var chunk = GenerationChunkDecoder.Decode(TestPaths.ResponseBody("single-generation-message-search-nosse"));
        Assert.NotNull(chunk.SearchResults);
        Assert.Equal("stock", Assert.Single(chunk.SearchToolInfo!).Tool);
    }

    [Theory]
    [InlineData("single-generation-message-with-parallel-tools-sse", "{\"location\": \"浙江省杭州市\"}", "{\"location\": \"上海市\"}")]
    [InlineData("multimodal-generation-message-with-parallel-function-call-sse", "{\"location\": \"浙江省杭州市\"}", "{\"location\": \"上海市\"}")]
    public void Streamed_tool_call_fragments_merge_by_index(string recording, string first, string second)
    {
        var accumulator = Accumulate(recording);
        var result = accumulator.ToResult("m", new List<QwenChatMessage>(), true);
        Assert.Equal("tool_calls", result.FinishReason);
        Assert.Equal(2, result.ToolCalls.Count);
        Assert.Equal(first, result.ToolCalls[0].Arguments);
        Assert.Equal(second, result.ToolCalls[1].Arguments);
        Assert.All(result.ToolCalls, call => Assert.StartsWith("call_", call.Id));
        Assert.All(result.ToolCalls, call => Assert.Equal("get_current_weather", call.Name));
        Assert.All(result.ToolCalls, call => JsonDocument.Parse(call.Arguments).Dispose());
    }

    [Fact]
    public void Deep_research_events_decode_from_output_message_with_the_misspelled_fields()
    {
        var chunk = GenerationChunkDecoder.Decode(Encoding.UTF8.GetBytes(RecordedStream.DataLines("deep-research-web-research-streaming-web-results-sse")[0]));
        Assert.NotNull(chunk.Research);
        Assert.Equal("WebResearch", chunk.Research!.Phase);
        Assert.Equal("streamingWebResult", chunk.Research.Status);
        Assert.Equal(7, chunk.Research.WebSites!.Count);
        Assert.Null(chunk.FinishReason);
        Assert.Equal(97, chunk.Usage!.OutputTokens);

        var answer = GenerationChunkDecoder.Decode(Encoding.UTF8.GetBytes(RecordedStream.DataLines("deep-research-answer-typing-reference-sse")[0]));
        Assert.Equal("#", answer.Text);
        Assert.Equal(1, Assert.Single(answer.Research!.References!).Index);
    }

    [Fact]
    public void Deep_research_accumulates_plan_rounds_and_only_the_answer_as_text()
    {
        var accumulator = new ChatAccumulator();
        foreach (var name in new[]
                 {
                     "deep-research-planning-type-sse", "deep-research-keep-alive-type-sse", "deep-research-web-research-streaming-queries-research-goal-sse",
                     "deep-research-web-research-streaming-queries-sse", "deep-research-web-research-streaming-web-results-sse",
                     "deep-research-web-research-web-result-finished-sse", "deep-research-answer-typing-reference-sse", "deep-research-answer-finished-sse",
                 })
        {
            accumulator.Add(GenerationChunkDecoder.Decode(Encoding.UTF8.GetBytes(RecordedStream.DataLines(name)[0])));
        }
        var result = accumulator.ToResult("qwen-deep-research", new List<QwenChatMessage>(), true);
        Assert.Equal("#", result.Text);
        var research = result.Research!;
        Assert.Equal("本研究聚焦于", research.Plan);
        Assert.False(research.IsQuestion);
        var round = Assert.Single(research.Rounds);
        Assert.Equal("深入理解人工智能", round.Goal);
        Assert.Equal(new[] { "人工智能" }, round.Queries);
        Assert.Equal(7, round.WebSites.Count);
        Assert.True(round.Finished);
        Assert.Single(research.References);
        Assert.Equal(new[] { "ResearchPlanning", "WebResearch", "answer" }, research.Phases);
    }
}

public class CapabilityRequestTests
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

public class FilesClientTests : IClassFixture<TestServerFixture>
{
    private readonly TestServerFixture _fixture;

    public FilesClientTests(TestServerFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Uploads_lists_gets_and_deletes()
    {
        var id = _fixture.NewId("files");
        var files = new FilesClient(new DashScopeClient(_fixture.Settings("id=" + id)));
        var path = Path.Combine(Path.GetTempPath(), "qwen-xunit-" + Guid.NewGuid().ToString("n") + ".txt");
        await File.WriteAllTextAsync(path, "hello");
        try
        {
            var uploaded = await files.UploadAsync(path, FilesClient.DefaultPurpose, CancellationToken.None);
            Assert.StartsWith("file-fe-", uploaded.Id);
            Assert.Equal(5, uploaded.Bytes);
            var listed = await files.ListAsync(null, null, null, CancellationToken.None);
            Assert.Equal(uploaded.Id, Assert.Single(listed.Files).Id);
            Assert.Equal(Path.GetFileName(path), (await files.GetAsync(uploaded.Id, CancellationToken.None)).FileName);
            Assert.True((await files.DeleteAsync(uploaded.Id, CancellationToken.None)).Deleted);
            var missing = await Assert.ThrowsAsync<DashScopeException>(() => files.GetAsync(uploaded.Id, CancellationToken.None));
            Assert.Equal(404, missing.StatusCode);
            var request = _fixture.Requests(id).First();
            Assert.Equal("/compatible-mode/v1/files", request.Path);
            Assert.StartsWith("multipart/form-data", request.Headers["content-type"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Unsupported_documents_fail_before_upload()
    {
        var path = Path.Combine(Path.GetTempPath(), "qwen-xunit-" + Guid.NewGuid().ToString("n") + ".png");
        File.WriteAllText(path, "x");
        try
        {
            var error = Assert.Throws<DashScopeException>(() => FilesClient.EnsureDocument(path));
            Assert.Equal(DashScopeErrorKind.InvalidInput, error.Kind);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Compatible_base_keeps_the_path_prefix()
    {
        var client = new DashScopeClient(_fixture.Settings("id=x"));
        Assert.EndsWith("/compatible-mode/v1/", client.CompatibleBaseUri.AbsoluteUri);
        Assert.Contains("/x/", client.CompatibleBaseUri.AbsoluteUri);
    }
}
