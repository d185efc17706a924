using System.Text.Json;
using DashScope.Models;
using DashScope.Streaming;
using DashScope.Tests.Client;
using Xunit;

namespace DashScope.Tests.Streaming;

/// <summary>Events of recorded streams, replayed by the loopback server: what each says it carries, and its records.</summary>
public class ChatStreamEventTests : IClassFixture<TestServerFixture>
{
    private readonly TestServerFixture _fixture;

    public ChatStreamEventTests(TestServerFixture fixture)
    {
        _fixture = fixture;
    }

    public static TheoryData<string> StreamRecordings()
    {
        var data = new TheoryData<string>();
        foreach (var name in TestPaths.SseRecordingNames.Where(name => !name.Contains("error", StringComparison.Ordinal))) data.Add(name);
        return data;
    }

    private async Task<List<ChatStreamEvent>> ReplayAsync(string recording, string model = "qwen-plus")
    {
        var observer = new TestServerFixture.Observer();
        await _fixture.Chat("scenario=" + recording + ",id=" + _fixture.NewId(recording))
            .SendAsync(TestServerFixture.Ask("replay", model), observer, CancellationToken.None);
        return observer.Events;
    }

    /// <summary>What an event carries, read from its JSON without the product's decoder.</summary>
    private static ChatEventContent Expected(string data)
    {
        using var document = JsonDocument.Parse(data);
        var root = document.RootElement;
        var content = ChatEventContent.None;
        var output = root.GetProperty("output");
        var research = output.TryGetProperty("message", out var researchMessage) && researchMessage.ValueKind == JsonValueKind.Object;
        var text = research && researchMessage.TryGetProperty("content", out var researchText) && researchText.ValueKind == JsonValueKind.String
            ? researchText.GetString()
            : RecordedStream.TextOf(root);
        if (!string.IsNullOrEmpty(text)) content |= ChatEventContent.Text;
        if (RecordedStream.ReasoningOf(root).Length > 0) content |= ChatEventContent.Reasoning;
        var finish = output.TryGetProperty("finish_reason", out var plainFinish) ? plainFinish.GetString() : null;
        if (output.TryGetProperty("choices", out var choices) && choices.GetArrayLength() > 0)
        {
            if (choices[0].TryGetProperty("finish_reason", out var choiceFinish)) finish = choiceFinish.GetString();
            if (choices[0].GetProperty("message").TryGetProperty("tool_calls", out var calls) && calls.GetArrayLength() > 0) content |= ChatEventContent.ToolCall;
        }
        if (research)
        {
            content |= ChatEventContent.Research;
            finish = output.GetProperty("fininshed_reason").GetString();
        }
        if (output.TryGetProperty("search_info", out var search) &&
            ((search.TryGetProperty("search_results", out var results) && results.GetArrayLength() > 0) ||
             (search.TryGetProperty("extra_tool_info", out var tools) && tools.GetArrayLength() > 0)))
            content |= ChatEventContent.SearchResults;
        if (root.TryGetProperty("usage", out var usage) && usage.EnumerateObject().Any()) content |= ChatEventContent.Usage;
        if (!string.IsNullOrEmpty(finish) && finish != "null") content |= ChatEventContent.Final;
        return content;
    }

    [Theory]
    [MemberData(nameof(StreamRecordings))]
    public async Task Content_says_what_each_recorded_event_carries(string recording)
    {
        var events = await ReplayAsync(recording);

        // Code runs are flagged on the event that first reports them (every later event repeats them).
        var seenCodeRuns = new HashSet<string>();
        var expected = RecordedStream.DataLines(recording).Select(line =>
        {
            var content = Expected(line);
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.GetProperty("output").TryGetProperty("tool_info", out var toolInfo) && seenCodeRuns.Add(toolInfo.GetRawText()))
                content |= ChatEventContent.CodeRun;
            return content;
        }).ToList();
        Assert.Equal(expected, events.Select(e => e.Content));
        foreach (var chatEvent in events)
        {
            Assert.Equal(chatEvent.Content.HasFlag(ChatEventContent.Text), chatEvent.Text.Length > 0);
            Assert.Equal(chatEvent.Content.HasFlag(ChatEventContent.Reasoning), chatEvent.Reasoning != null);
            Assert.Equal(chatEvent.Content.HasFlag(ChatEventContent.ToolCall), chatEvent.ToolCalls is { Count: > 0 });
            Assert.Equal(chatEvent.Content.HasFlag(ChatEventContent.Usage), chatEvent.Usage != null);
            Assert.Equal(chatEvent.Content.HasFlag(ChatEventContent.Final), chatEvent.FinishReason != null);
            Assert.Equal(chatEvent.Content.HasFlag(ChatEventContent.Research), chatEvent.Research != null);
            Assert.Equal(chatEvent.Content.HasFlag(ChatEventContent.CodeRun), chatEvent.CodeRuns != null);
        }
    }

    [Fact]
    public async Task Reasoning_stream_reasons_first_then_answers_and_ends_with_usage()
    {
        var events = await ReplayAsync("single-generation-message-reasoning-sse");

        Assert.Equal(ChatEventContent.Reasoning | ChatEventContent.Usage, events[0].Content);
        Assert.Equal("嗯", events[0].Reasoning);
        var firstText = events.FindIndex(e => e.Content.HasFlag(ChatEventContent.Text));
        Assert.True(firstText > 0);
        Assert.All(events.Take(firstText), e => Assert.True(e.Content.HasFlag(ChatEventContent.Reasoning)));
        Assert.All(events.Skip(firstText), e => Assert.False(e.Content.HasFlag(ChatEventContent.Reasoning)));
        Assert.Equal(ChatEventContent.Usage | ChatEventContent.Final, events[^1].Content);
        Assert.Equal(10, events[^1].Usage!.ReasoningTokens);
    }

    [Fact]
    public async Task Search_results_are_flagged_only_on_the_event_that_brings_them()
    {
        var events = await ReplayAsync("single-generation-message-search-sse");

        // The first event: results and an empty usage object ({}), no text.
        Assert.Equal(ChatEventContent.SearchResults, events[0].Content);
        Assert.Equal(5, events[0].SearchResults!.Count);
        Assert.All(events.Skip(1), e => Assert.False(e.Content.HasFlag(ChatEventContent.SearchResults)));
        Assert.All(events.Skip(1).SkipLast(1), e => Assert.Equal(ChatEventContent.Text | ChatEventContent.Usage, e.Content));
        Assert.Equal(ChatEventContent.Usage | ChatEventContent.Final, events[^1].Content);
    }

    [Fact]
    public async Task Tool_call_fragments_are_flagged_and_the_last_is_final()
    {
        var events = await ReplayAsync("single-generation-message-with-parallel-tools-sse");

        Assert.Equal(
            [ChatEventContent.ToolCall | ChatEventContent.Usage, ChatEventContent.ToolCall | ChatEventContent.Usage,
             ChatEventContent.ToolCall | ChatEventContent.Usage, ChatEventContent.ToolCall | ChatEventContent.Usage | ChatEventContent.Final],
            events.Select(e => e.Content));
        Assert.Equal([0, 0, 1, 1], events.Select(e => Assert.Single(e.ToolCalls!).Index));
        Assert.Equal("tool_calls", events[^1].FinishReason);
    }

    [Fact]
    public void Deep_research_events_are_research_with_text_only_when_they_bring_some()
    {
        var events = RecordedStream.Events("qwen-deep-research",
            "deep-research-planning-type-sse", "deep-research-keep-alive-type-sse", "deep-research-answer-typing-reference-sse", "deep-research-answer-finished-sse");

        Assert.Equal(
            [ChatEventContent.Research | ChatEventContent.Text | ChatEventContent.Usage, ChatEventContent.Research | ChatEventContent.Usage,
             ChatEventContent.Research | ChatEventContent.Text | ChatEventContent.Usage, ChatEventContent.Research | ChatEventContent.Usage],
            events.Select(e => e.Content));
        Assert.Equal(["ResearchPlanning", "KeepAlive", "answer", "answer"], events.Select(e => e.Research!.Phase));
    }

    [Fact]
    public void ToRecord_copies_the_event()
    {
        var chatEvent = RecordedStream.Events("qwen-max", "single-generation-message-reasoning-sse")[0];

        var record = chatEvent.ToRecord();

        Assert.Equal("", record.Text);
        Assert.Equal("嗯", record.Reasoning);
        Assert.Null(record.FinishReason);
        Assert.Equal("1", record.EventId);
        Assert.Equal(DateTimeOffset.UnixEpoch, record.ReceivedAt);
        Assert.Equal("ab9f3446-9bbf-963e-9754-2d6543343d7e", record.RequestId);
        Assert.Equal("qwen-max", record.Model);
        Assert.Null(chatEvent.ToResearchRecord());
    }

    [Fact]
    public void An_event_without_a_request_id_takes_the_one_of_the_response_header()
    {
        var chatEvent = RecordedStream.Events("qwen-plus", "single-generation-text-sse")[0];
        Assert.Equal("5b441aa7-0b9c-9fbc-ae0a-e2b212b71eac", chatEvent.RequestId);

        var data = "{\"output\":{\"text\":\"hi\",\"finish_reason\":\"null\"}}"u8.ToArray();
        var bare = new ChatStreamEvent(GenerationChunkDecoder.Decode(data), new SseEvent("1", "result", 200, data, DateTimeOffset.UnixEpoch), "qwen-plus", "from-header");
        Assert.Equal("from-header", bare.RequestId);
        Assert.Equal(ChatEventContent.Text, bare.Content);
        Assert.Equal("hi", bare.ToString());
    }

    [Fact]
    public void ToResearchRecord_copies_the_research_details()
    {
        var events = RecordedStream.Events("qwen-deep-research",
            "deep-research-web-research-streaming-queries-research-goal-sse", "deep-research-web-research-streaming-web-results-sse",
            "deep-research-web-research-streaming-web-results-learning-map-sse", "deep-research-answer-typing-reference-sse");

        var goal = events[0].ToResearchRecord()!;
        Assert.Equal("WebResearch", goal.Phase);
        Assert.Equal("streamingQueries", goal.Status);
        Assert.Equal("深入理解人工智能", goal.ResearchGoal);
        Assert.Null(goal.Query);
        Assert.Equal(1, goal.ResearchId);
        Assert.Empty(goal.WebSites);
        Assert.Empty(goal.References);
        Assert.Equal(63, goal.Usage!.OutputTokens);
        Assert.Equal("qwen-deep-research", goal.Model);
        Assert.Equal("1", goal.EventId);

        Assert.Equal(7, events[1].ToResearchRecord()!.WebSites.Count);
        Assert.Equal(new Dictionary<string, string> { ["11"] = "该" }, events[2].ToResearchRecord()!.LearningMap);
        var answer = events[3].ToResearchRecord()!;
        Assert.Equal("#", answer.Text);
        Assert.Equal(1, Assert.Single(answer.References).Index);
    }
}
