using DashScope.Execution;
using DashScope.Models;
using DashScope.Streaming;
using DashScope.Tests.Client;
using Xunit;

namespace DashScope.Tests.Execution;

public class StreamRecordWriterTests : IClassFixture<TestServerFixture>
{
    /// <summary>A deep-research stream put together from the recorded events, in the order the service sends them.</summary>
    private static readonly string[] Research =
    [
        "deep-research-planning-type-sse",
        "deep-research-keep-alive-type-sse",
        "deep-research-web-research-streaming-queries-research-goal-sse",
        "deep-research-web-research-streaming-queries-sse",
        "deep-research-web-research-streaming-web-results-sse",
        "deep-research-web-research-streaming-web-results-learning-map-sse",
        "deep-research-web-research-web-result-finished-sse",
        "deep-research-keep-alive-type-sse",
        "deep-research-answer-typing-reference-sse",
        "deep-research-answer-finished-sse",
    ];

    private const string Model = "qwen-deep-research";
    private const string Activity = "Deep research (" + Model + ")";

    private readonly TestServerFixture _fixture;

    public StreamRecordWriterTests(TestServerFixture fixture)
    {
        _fixture = fixture;
    }

    /// <summary>Keeps everything written to it, in order.</summary>
    private sealed class RecordingSink : IWorkSink
    {
        public List<object> Outputs { get; } = [];

        public int Index => 0;

        public IEnumerable<object> Objects => Outputs.Where(output => output is not WorkProgress);

        public IEnumerable<WorkProgress> Progresses => Outputs.OfType<WorkProgress>();

        public Task WriteAsync(object value)
        {
            Outputs.Add(value);
            return Task.CompletedTask;
        }

        public void Error(DashScopeException error, object? target) => throw new InvalidOperationException("unexpected error: " + error.Message);

        public void Verbose(string text) => throw new InvalidOperationException("unexpected verbose: " + text);

        public void Warning(string text) => throw new InvalidOperationException("unexpected warning: " + text);

        public void Progress(WorkProgress progress) => Outputs.Add(progress);

        public Task<T> InvokeAsync<T>(Func<T> action, CancellationToken cancellationToken) => throw new InvalidOperationException("unexpected call");
    }

    private static async Task<RecordingSink> WriteAsync(List<ChatStreamEvent> events, bool writeRecords, bool researchProgress, bool complete = true)
    {
        var sink = new RecordingSink();
        var writer = new StreamRecordWriter(sink, writeRecords, researchProgress);
        Assert.Equal(writeRecords, writer.ShowsAnswer);
        foreach (var chatEvent in events) await writer.OnEventAsync(chatEvent);
        if (complete) writer.Complete();
        return sink;
    }

    [Fact]
    public async Task Writes_one_record_per_chat_event_and_no_progress()
    {
        var events = RecordedStream.Events("qwen-max", "single-generation-message-sse");

        var sink = await WriteAsync(events, writeRecords: true, researchProgress: true);

        var records = sink.Outputs.Cast<QwenChatStreamRecord>().ToList();
        Assert.Equal(events.Count, records.Count);
        Assert.Equal(events.Select(e => e.Text), records.Select(r => r.Text));
        Assert.Equal(events.Select(e => e.EventId), records.Select(r => r.EventId));
        Assert.Equal("stop", records[^1].FinishReason);
        Assert.All(records, r => Assert.Equal("qwen-max", r.Model));
    }

    [Fact]
    public async Task Writes_research_events_as_research_records_except_keep_alive()
    {
        var events = RecordedStream.Events(Model, Research);

        var sink = await WriteAsync(events, writeRecords: true, researchProgress: false);

        Assert.Empty(sink.Progresses);
        var records = sink.Outputs.Cast<QwenResearchRecord>().ToList();
        Assert.Equal(["1", "3", "4", "5", "6", "7", "9", "10"], records.Select(r => r.EventId));
        Assert.DoesNotContain(records, r => r.Phase == "KeepAlive");
        Assert.Equal(
            ["ResearchPlanning/typing", "WebResearch/streamingQueries", "WebResearch/streamingQueries", "WebResearch/streamingWebResult",
             "WebResearch/streamingWebResult", "WebResearch/WebResultFinished", "answer/typing", "answer/finished"],
            records.Select(r => r.Phase + "/" + r.Status));
        Assert.Equal("本研究聚焦于", records[0].Text);
        Assert.Equal("人工智能", records[2].Query);
        Assert.Equal(7, records[3].WebSites.Count);
        Assert.Equal("#", records[6].Text);
        Assert.Single(records[6].References);
        Assert.All(records, r => Assert.Equal(Model, r.Model));
        Assert.All(records, r => Assert.NotNull(r.Usage));
    }

    [Fact]
    public async Task Shows_research_phases_as_progress_only_when_asked()
    {
        var events = RecordedStream.Events(Model, Research);

        var sink = await WriteAsync(events, writeRecords: false, researchProgress: true, complete: false);

        Assert.Empty(sink.Objects);
        var progress = sink.Progresses.ToList();
        Assert.Equal(events.Count, progress.Count);
        Assert.All(progress, p => Assert.Equal(StreamRecordWriter.ResearchActivityId, p.ActivityId));
        Assert.All(progress, p => Assert.Equal(Activity, p.Activity));
        Assert.All(progress, p => Assert.False(p.Completed));
        Assert.Equal("ResearchPlanning / typing", progress[0].Status);
        Assert.Equal("writing the research plan", progress[0].CurrentOperation);
        Assert.Equal("KeepAlive / typing", progress[1].Status);
        Assert.Equal("preparing the next step", progress[1].CurrentOperation);
        Assert.Equal("research goal: 深入理解人工智能", progress[2].CurrentOperation);
        Assert.Equal("searching: 人工智能", progress[3].CurrentOperation);
        Assert.Equal("found 7 web sites", progress[4].CurrentOperation);
        Assert.Equal("research round 1 done", progress[6].CurrentOperation);
        Assert.Equal("answer finished", progress[9].CurrentOperation);

        var none = await WriteAsync(events, writeRecords: true, researchProgress: false);
        Assert.Empty(none.Progresses);
    }

    [Fact]
    public async Task Writes_each_events_progress_before_its_record()
    {
        var events = RecordedStream.Events(Model, Research[0], Research[1], Research[8]);

        var sink = await WriteAsync(events, writeRecords: true, researchProgress: true, complete: false);

        Assert.Equal([typeof(WorkProgress), typeof(QwenResearchRecord), typeof(WorkProgress), typeof(WorkProgress), typeof(QwenResearchRecord)],
            sink.Outputs.Select(output => output.GetType()));
    }

    [Fact]
    public async Task Complete_ends_the_progress_once()
    {
        var events = RecordedStream.Events(Model, Research);
        var sink = new RecordingSink();
        var writer = new StreamRecordWriter(sink, writeRecords: false, researchProgress: true);

        writer.Complete();
        Assert.Empty(sink.Outputs);

        foreach (var chatEvent in events) await writer.OnEventAsync(chatEvent);
        writer.Complete();
        writer.Complete();

        var done = Assert.Single(sink.Progresses, p => p.Completed);
        Assert.Same(done, sink.Outputs[^1]);
        Assert.Equal(StreamRecordWriter.ResearchActivityId, done.ActivityId);
        Assert.Equal(Activity, done.Activity);
        Assert.Equal("Done", done.Status);
        Assert.Equal(events.Count + 1, sink.Outputs.Count);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    public async Task Complete_without_research_progress_writes_nothing(bool writeRecords, bool researchProgress)
    {
        var events = RecordedStream.Events(Model, Research);

        var sink = await WriteAsync(events, writeRecords, researchProgress);

        Assert.Empty(sink.Progresses);
        Assert.Equal(writeRecords ? 8 : 0, sink.Objects.Count());
    }

    [Fact]
    public async Task Observes_a_whole_deep_research_stream_from_the_server()
    {
        var id = _fixture.NewId("research");
        var request = TestServerFixture.Ask("AI in education", Model) with
        {
            Messages =
            [
                new QwenChatMessage("user", "AI in education"),
                new QwenChatMessage("assistant", "Which aspects?"),
                new QwenChatMessage("user", "Personalised learning."),
            ],
        };
        var sink = new RecordingSink();
        var writer = new StreamRecordWriter(sink, writeRecords: true, researchProgress: true);

        var result = await _fixture.Chat("id=" + id).SendAsync(request, writer, CancellationToken.None);
        writer.Complete();

        var sent = _fixture.Server.Log.EventsSent(id);
        var progress = sink.Progresses.ToList();
        var records = sink.Objects.Cast<QwenResearchRecord>().ToList();
        Assert.Equal(sent + 1, progress.Count);
        Assert.True(progress[^1].Completed);
        var keepAlive = progress.Count(p => p.Status.StartsWith("KeepAlive", StringComparison.Ordinal));
        Assert.True(keepAlive > 0);
        Assert.Equal(sent - keepAlive, records.Count);
        var ids = records.Select(r => int.Parse(r.EventId!)).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(string.Concat(records.Where(r => r.Phase == "answer").Select(r => r.Text)), result.Text);
        Assert.True(result.Streamed);
        Assert.True(result.Completed);
    }
}
