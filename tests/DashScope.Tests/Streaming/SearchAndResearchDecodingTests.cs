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

namespace DashScope.Tests.Streaming;

/// <summary>Web search, tool calls, deep research and the files client: decoding, accumulation and request bodies.</summary>
public class SearchAndResearchDecodingTests
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
