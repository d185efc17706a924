using DashScope.Streaming;
using System.Diagnostics;
using DashScope.Client;
using DashScope.Models;
using DashScope.TestServer;
using Xunit;

namespace DashScope.Tests.Client;

/// <summary>A stream that breaks after it started: never retried, the text so far kept on the error.</summary>
public class StreamFaultTests : IClassFixture<TestServerFixture>
{
    private const string Prompt = "用一句话介绍杭州。";
    private readonly TestServerFixture _fixture;

    public StreamFaultTests(TestServerFixture fixture)
    {
        _fixture = fixture;
    }

    /// <summary>The texts the plain (fault-free) stream delivers for <see cref="Prompt"/>, one per event.</summary>
    private static List<string> PlainTexts() =>
        [.. ChatSimulator.Tokenize(ChatSimulator.AnswerFor("qwen-plus", Prompt)), ""];

    /// <summary>Reads until the stream fails; returns the records read and the failure.</summary>
    private static async Task<(List<ChatStreamEvent> Records, Exception? Failure)> ReadUntilFailure(ChatStream stream)
    {
        var records = new List<ChatStreamEvent>();
        try
        {
            while (await stream.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20)) is { } record) records.Add(record);
            return (records, null);
        }
        catch (Exception failure) when (failure is not TimeoutException)
        {
            return (records, failure);
        }
    }

    [Fact]
    public async Task Plain_stream_delivers_the_expected_events()
    {
        // The baseline the fault tests below compare with.
        using var stream = await _fixture.Chat("id=" + _fixture.NewId("baseline")).StreamAsync(TestServerFixture.Ask(Prompt), CancellationToken.None);
        var (records, failure) = await ReadUntilFailure(stream);

        Assert.Null(failure);
        Assert.Equal(PlainTexts(), records.Select(r => r.Text));
    }

    [Fact]
    public async Task Connection_dropped_after_three_events_is_a_network_error_with_the_partial_text()
    {
        // gap=100 also spaces the events out, so the three records are read one by one before the abort.
        var id = _fixture.NewId("drop3");
        using var stream = await _fixture.Chat("drop=3,gap=100,id=" + id, retries: 3).StreamAsync(TestServerFixture.Ask(Prompt), CancellationToken.None);
        var (records, failure) = await ReadUntilFailure(stream);

        var error = Assert.IsType<DashScopeException>(failure);
        Assert.Equal(DashScopeErrorKind.Network, error.Kind);
        Assert.Equal(3, records.Count);
        var partial = Assert.IsType<QwenChatResult>(error.PartialResult);
        Assert.Equal(string.Concat(PlainTexts().Take(3)), partial.Text);
        Assert.Equal(string.Concat(records.Select(r => r.Text)), partial.Text);
        Assert.False(partial.Completed);
        Assert.Null(partial.FinishReason);
        Assert.True(partial.Streamed);
        Assert.Equal(partial.Text, partial.History[^1].Content);
        // Nothing is retried once an event was received.
        Assert.Single(_fixture.Requests(id));
        Assert.False(stream.Result.Completed);
    }

    [Fact]
    public async Task Connection_dropped_after_three_events_without_a_gap_still_delivers_the_three_events()
    {
        // Regression: the test server used to abort right after flushing, resetting the connection before the events arrived.
        for (var round = 0; round < 5; round++)
        {
            var id = _fixture.NewId("drop3-nogap");
            using var stream = await _fixture.Chat("drop=3,id=" + id).StreamAsync(TestServerFixture.Ask(Prompt), CancellationToken.None);
            var (records, failure) = await ReadUntilFailure(stream);

            Assert.Equal(DashScopeErrorKind.Network, Assert.IsType<DashScopeException>(failure).Kind);
            Assert.Equal(3, records.Count);
        }
    }

    [Fact]
    public async Task Error_event_after_two_events_is_a_service_error_with_the_partial_text()
    {
        var id = _fixture.NewId("error2");
        using var stream = await _fixture.Chat("error=2,id=" + id, retries: 3).StreamAsync(TestServerFixture.Ask(Prompt), CancellationToken.None);
        var (records, failure) = await ReadUntilFailure(stream);

        var error = Assert.IsType<DashScopeException>(failure);
        Assert.Equal(DashScopeErrorKind.Service, error.Kind);
        Assert.Equal("InternalError", error.Code);
        Assert.Equal(500, error.StatusCode);
        Assert.Equal("An internal error has occured, please try again later.", error.ServiceMessage);
        Assert.True(Guid.TryParse(error.RequestId, out _), "request id " + error.RequestId);
        Assert.Equal(2, records.Count);
        var partial = Assert.IsType<QwenChatResult>(error.PartialResult);
        Assert.Equal(string.Concat(PlainTexts().Take(2)), partial.Text);
        Assert.False(partial.Completed);
        Assert.Single(_fixture.Requests(id));
    }

    [Fact]
    public async Task Error_event_through_CompleteAsync_keeps_the_partial_text()
    {
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Chat("error=2,id=" + _fixture.NewId("error2-complete")).SendAsync(TestServerFixture.Ask(Prompt), TestServerFixture.Unseen, CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.Service, error.Kind);
        Assert.Equal(string.Concat(PlainTexts().Take(2)), Assert.IsType<QwenChatResult>(error.PartialResult).Text);
    }

    [Fact]
    public async Task Malformed_event_is_a_protocol_error_with_the_partial_text()
    {
        var id = _fixture.NewId("malformed2");
        using var stream = await _fixture.Chat("malformed=2,id=" + id, retries: 3).StreamAsync(TestServerFixture.Ask(Prompt), CancellationToken.None);
        var (records, failure) = await ReadUntilFailure(stream);

        var error = Assert.IsType<DashScopeException>(failure);
        Assert.Equal(DashScopeErrorKind.Protocol, error.Kind);
        Assert.Single(records);
        var partial = Assert.IsType<QwenChatResult>(error.PartialResult);
        Assert.Equal(PlainTexts()[0], partial.Text);
        Assert.False(partial.Completed);
        Assert.Single(_fixture.Requests(id));
    }

    [Fact]
    public async Task Malformed_first_event_is_a_protocol_error()
    {
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Chat("malformed=1,id=" + _fixture.NewId("malformed1")).SendAsync(TestServerFixture.Ask(Prompt), TestServerFixture.Unseen, CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.Protocol, error.Kind);
        Assert.Equal("", Assert.IsType<QwenChatResult>(error.PartialResult).Text);
    }

    [Fact]
    public async Task Silence_longer_than_the_idle_timeout_is_a_timeout()
    {
        var id = _fixture.NewId("idle");
        // An idle timeout long enough that a loaded machine still gets the first event in time (else it is retried).
        var settings = _fixture.Settings("gap=4000,id=" + id, retries: 3);
        settings.IdleTimeout = TimeSpan.FromMilliseconds(1200);
        using var stream = await _fixture.Chat(settings).StreamAsync(TestServerFixture.Ask(Prompt), CancellationToken.None);
        var watch = Stopwatch.StartNew();
        var (records, failure) = await ReadUntilFailure(stream);

        var error = Assert.IsType<DashScopeException>(failure);
        Assert.Equal(DashScopeErrorKind.Timeout, error.Kind);
        Assert.Single(records);
        Assert.Equal(PlainTexts()[0], Assert.IsType<QwenChatResult>(error.PartialResult).Text);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(1100), "timed out after " + watch.Elapsed);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3.8), "took " + watch.Elapsed + ": the idle timeout did not end the wait for the next event");
        Assert.Single(_fixture.Requests(id));
    }

    [Fact]
    public async Task Slow_consumer_is_not_an_idle_server()
    {
        // The idle timer runs only while waiting on the network: a caller that takes longer than the idle timeout
        // between reads must not see a timeout when the events were already there.
        var settings = _fixture.Settings("id=" + _fixture.NewId("slow-consumer"));
        settings.IdleTimeout = TimeSpan.FromMilliseconds(800);
        using var stream = await _fixture.Chat(settings).StreamAsync(TestServerFixture.Ask(Prompt), CancellationToken.None);

        var first = await stream.ReadAsync();
        await Task.Delay(1600);
        var (records, failure) = await ReadUntilFailure(stream);

        Assert.Null(failure);
        Assert.Equal(PlainTexts(), new[] { first!.Text }.Concat(records.Select(r => r.Text)));
    }

    [Fact]
    public async Task Whole_call_timeout_ends_a_slow_stream()
    {
        var id = _fixture.NewId("total");
        var settings = _fixture.Settings("gap=250,id=" + id, retries: 3);
        settings.Timeout = TimeSpan.FromMilliseconds(1000);
        var watch = Stopwatch.StartNew();
        using var stream = await _fixture.Chat(settings).StreamAsync(TestServerFixture.Ask(Prompt), CancellationToken.None);
        var (records, failure) = await ReadUntilFailure(stream);

        var error = Assert.IsType<DashScopeException>(failure);
        Assert.Equal(DashScopeErrorKind.Timeout, error.Kind);
        Assert.True(records.Count >= 1 && records.Count < PlainTexts().Count, records.Count + " records");
        var partial = Assert.IsType<QwenChatResult>(error.PartialResult);
        Assert.Equal(string.Concat(records.Select(r => r.Text)), partial.Text);
        Assert.False(partial.Completed);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(950), "timed out after " + watch.Elapsed);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(6), "took " + watch.Elapsed);
        Assert.Single(_fixture.Requests(id));
    }

    [Fact]
    public async Task Whole_call_timeout_of_a_non_stream_call()
    {
        var id = _fixture.NewId("total-json");
        var settings = _fixture.Settings("latency=5000,id=" + id, retries: 3);
        settings.Timeout = TimeSpan.FromMilliseconds(400);
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<DashScopeException>(() => _fixture.Chat(settings).SendAsync(TestServerFixture.Ask(Prompt), CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.Timeout, error.Kind);
        Assert.False(error.IsTransient);
        Assert.Equal(1, error.Attempts);
        // Not retried (on a loaded machine the server may not even have logged the one request before the timeout).
        Assert.True(_fixture.Requests(id).Count <= 1);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), "took " + watch.Elapsed);
    }

    [Fact]
    public async Task Cancelling_while_waiting_for_the_first_byte_returns_promptly()
    {
        var id = _fixture.NewId("cancel-firstbyte");
        using var cancel = new CancellationTokenSource();
        var call = _fixture.Chat("firstbyte=10000,id=" + id, retries: 3).StreamAsync(TestServerFixture.Ask(Prompt), cancel.Token);
        await Task.Delay(200);
        Assert.False(call.IsCompleted);

        var watch = Stopwatch.StartNew();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(5)));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), "cancellation took " + watch.Elapsed);
        Assert.True(_fixture.Requests(id).Count <= 1, "the cancelled call was retried");
    }

    [Fact]
    public async Task Cancelling_a_running_stream_returns_promptly()
    {
        var id = _fixture.NewId("cancel-stream");
        using var cancel = new CancellationTokenSource();
        using var stream = await _fixture.Chat("gap=3000,id=" + id).StreamAsync(TestServerFixture.Ask(Prompt), cancel.Token);
        Assert.NotNull(await stream.ReadAsync());

        var pending = stream.ReadAsync().AsTask();
        await Task.Delay(100);
        var watch = Stopwatch.StartNew();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(TimeSpan.FromSeconds(5)));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), "cancellation took " + watch.Elapsed);
    }

    [Fact]
    public async Task Cancelling_a_pending_read_closes_the_connection()
    {
        var id = _fixture.NewId("cancel-close");
        using var cancel = new CancellationTokenSource();
        using var stream = await _fixture.Chat("gap=100,id=" + id).StreamAsync(TestServerFixture.Ask(Prompt), cancel.Token);
        Assert.NotNull(await stream.ReadAsync());
        var pending = stream.ReadAsync().AsTask();
        await Task.Delay(20);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(TimeSpan.FromSeconds(5)));

        // The server stops writing: the answer has about 50 events, 100 ms apart.
        await Task.Delay(1000);
        Assert.True(_fixture.Server.Log.EventsSent(id) <= 3, _fixture.Server.Log.EventsSent(id) + " events were sent after the cancellation");
    }

    [Fact]
    public async Task Disposing_a_stream_early_closes_the_connection()
    {
        var id = _fixture.NewId("dispose");
        var stream = await _fixture.Chat("gap=100,id=" + id).StreamAsync(TestServerFixture.Ask(Prompt), CancellationToken.None);
        Assert.NotNull(await stream.ReadAsync());
        stream.Dispose();

        // A closed connection stops the server at once; the answer has about 50 events, 100 ms apart.
        await Task.Delay(1000);
        Assert.True(_fixture.Server.Log.EventsSent(id) <= 3, _fixture.Server.Log.EventsSent(id) + " events were sent after the stream was disposed");
    }
}
