using System.Diagnostics;
using DashScope.Client;
using DashScope.TestServer;
using Xunit;

namespace DashScope.Tests.Client;

/// <summary>Retries: only transient failures (408, 429, 5xx, network, idle before the first byte), only before anything was received.</summary>
public class RetryTests : IClassFixture<TestServerFixture>
{
    private readonly TestServerFixture _fixture;

    public RetryTests(TestServerFixture fixture)
    {
        _fixture = fixture;
    }

    private static string Answer(string prompt) => ChatSimulator.AnswerFor("qwen-plus", prompt);

    [Fact]
    public async Task Throttled_twice_then_succeeds_on_the_third_request()
    {
        var id = _fixture.NewId("throttle2");
        var result = await _fixture.Chat("throttle=2,retryafter=0,id=" + id, retries: 3).SendAsync(TestServerFixture.Ask("hi"), CancellationToken.None);

        Assert.Equal(Answer("hi"), result.Text);
        Assert.Equal(3, _fixture.Requests(id).Count);
    }

    [Fact]
    public async Task Throttled_stream_is_retried_before_the_first_event()
    {
        var id = _fixture.NewId("throttle-stream");
        using var stream = await _fixture.Chat("throttle=2,retryafter=0,id=" + id, retries: 3).StreamAsync(TestServerFixture.Ask("hi"), CancellationToken.None);
        var records = await TestServerFixture.ReadAllAsync(stream);

        Assert.Equal(Answer("hi"), string.Concat(records.Select(r => r.Text)));
        Assert.Equal(3, _fixture.Requests(id).Count);
    }

    [Fact]
    public async Task Retry_after_is_honoured_over_the_short_backoff()
    {
        var id = _fixture.NewId("retry-after");
        var watch = Stopwatch.StartNew();

        var result = await _fixture.Chat("throttle=1,retryafter=1,id=" + id, retries: 3).SendAsync(TestServerFixture.Ask("hi"), CancellationToken.None);
        watch.Stop();

        Assert.Equal(Answer("hi"), result.Text);
        var requests = _fixture.Requests(id);
        Assert.Equal(2, requests.Count);
        // The policy's own backoff is 25-50 ms; only Retry-After: 1 explains a second between the two requests.
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromMilliseconds(950),
            "second request after " + (requests[1].ReceivedAt - requests[0].ReceivedAt).TotalMilliseconds + " ms");
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(950));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), "took " + watch.Elapsed);
    }

    [Fact]
    public async Task Throttled_beyond_the_retries_is_429_RateQuota_after_two_attempts()
    {
        var id = _fixture.NewId("throttle5");
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Chat("throttle=5,retryafter=0,id=" + id, retries: 1).SendAsync(TestServerFixture.Ask("hi"), CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.Service, error.Kind);
        Assert.Equal(429, error.StatusCode);
        Assert.Equal("Throttling.RateQuota", error.Code);
        Assert.Equal("Requests rate limit exceeded, please try again later.", error.ServiceMessage);
        Assert.Equal(2, error.Attempts);
        Assert.True(error.IsTransient);
        Assert.Equal(TimeSpan.Zero, error.RetryAfter);
        Assert.True(Guid.TryParse(error.RequestId, out _), "request id " + error.RequestId);
        Assert.Equal(2, _fixture.Requests(id).Count);
    }

    [Fact]
    public async Task Without_retries_a_throttled_call_fails_at_once()
    {
        var id = _fixture.NewId("no-retry");
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Chat("throttle=1,retryafter=0,id=" + id, retries: 0).SendAsync(TestServerFixture.Ask("hi"), CancellationToken.None));

        Assert.Equal(429, error.StatusCode);
        Assert.Equal(1, error.Attempts);
        Assert.Single(_fixture.Requests(id));
    }

    [Fact]
    public async Task Non_2xx_sse_error_body_is_parsed_into_code_message_and_request_id()
    {
        var id = _fixture.NewId("sse-429");
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Chat("throttle=1,retryafter=7,id=" + id, retries: 0).StreamAsync(TestServerFixture.Ask("hi"), CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.Service, error.Kind);
        Assert.Equal(429, error.StatusCode);
        Assert.Equal("Throttling.RateQuota", error.Code);
        Assert.Equal("Requests rate limit exceeded, please try again later.", error.ServiceMessage);
        Assert.True(Guid.TryParse(error.RequestId, out _), "request id " + error.RequestId);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Equal(1, error.Attempts);
        Assert.Equal("enable", Assert.Single(_fixture.Requests(id)).Headers["x-dashscope-sse"]);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(408)]
    public async Task Transient_status_is_retried(int status)
    {
        var id = _fixture.NewId("fail" + status);
        var result = await _fixture.Chat("fail=" + status + ":1,id=" + id, retries: 2).SendAsync(TestServerFixture.Ask("hi"), CancellationToken.None);

        Assert.Equal(Answer("hi"), result.Text);
        Assert.Equal(2, _fixture.Requests(id).Count);
    }

    [Fact]
    public async Task Transient_status_on_a_stream_is_retried()
    {
        var id = _fixture.NewId("fail-stream");
        using var stream = await _fixture.Chat("fail=503:2,id=" + id, retries: 2).StreamAsync(TestServerFixture.Ask("hi"), CancellationToken.None);
        var records = await TestServerFixture.ReadAllAsync(stream);

        Assert.Equal(Answer("hi"), stream.Result.Text);
        Assert.NotEmpty(records);
        Assert.Equal(3, _fixture.Requests(id).Count);
    }

    [Fact]
    public async Task Persistent_503_gives_up_with_the_service_error()
    {
        var id = _fixture.NewId("fail-always");
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Chat("fail=503,id=" + id, retries: 2).SendAsync(TestServerFixture.Ask("hi"), CancellationToken.None));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal("InternalError", error.Code);
        Assert.Equal(3, error.Attempts);
        Assert.Equal(3, _fixture.Requests(id).Count);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    public async Task Client_errors_are_never_retried(int status)
    {
        var id = _fixture.NewId("fail" + status);
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Chat("fail=" + status + ":1,id=" + id, retries: 3).SendAsync(TestServerFixture.Ask("hi"), CancellationToken.None));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal("TestServer.Fault", error.Code);
        Assert.False(error.IsTransient);
        Assert.Equal(1, error.Attempts);
        Assert.Single(_fixture.Requests(id));
    }

    [Fact]
    public async Task Recorded_parameter_error_is_never_retried()
    {
        var id = _fixture.NewId("param-error");
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Chat("scenario=parameter-error-nosse,id=" + id, retries: 3).SendAsync(TestServerFixture.Ask("hi"), CancellationToken.None));

        Assert.Equal(400, error.StatusCode);
        Assert.False(error.IsTransient);
        Assert.Equal(1, error.Attempts);
        Assert.Single(_fixture.Requests(id));
    }

    [Fact]
    public async Task Recorded_parameter_error_body_with_a_bom_keeps_its_code()
    {
        // The recorded body starts with a UTF-8 BOM (as 12 other recorded JSON bodies do).
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Chat("scenario=parameter-error-nosse,id=" + _fixture.NewId("param-error-bom")).SendAsync(TestServerFixture.Ask("hi"), CancellationToken.None));

        Assert.Equal("InvalidParameter", error.Code);
        Assert.Equal("Role must be user or assistant and Content length must be greater than 0", error.ServiceMessage);
        Assert.Equal("a5898c04-d210-901b-965f-e4bd90478805", error.RequestId);
    }

    [Fact]
    public async Task Thinking_asked_for_through_additional_parameters_is_streamed_too()
    {
        // The service (and the simulator) refuse enable_thinking without a stream with 400 InvalidParameter.
        var id = _fixture.NewId("thinking-extra");
        var request = TestServerFixture.Ask("hi");
        request = request with { AdditionalParameters = new Dictionary<string, object?>(request.AdditionalParameters) { ["enable_thinking"] = true } };

        var result = await _fixture.Chat("id=" + id, retries: 3).SendAsync(request, CancellationToken.None);

        Assert.Equal(Answer("hi"), result.Text);
        Assert.Equal("用户问的是：hi。我先想一想，再回答。", result.Reasoning);
        Assert.Equal("enable", Assert.Single(_fixture.Requests(id)).Headers["x-dashscope-sse"]);
    }

    [Fact]
    public async Task Connection_dropped_before_the_first_event_is_retried()
    {
        // drop=0 aborts every attempt before any event, so every attempt is a network failure worth retrying.
        var id = _fixture.NewId("drop0");
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Chat("drop=0,id=" + id, retries: 2).StreamAsync(TestServerFixture.Ask("hi"), CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.Network, error.Kind);
        Assert.True(error.IsTransient);
        Assert.Equal(3, error.Attempts);
        Assert.Equal(3, _fixture.Requests(id).Count);
    }

    [Fact]
    public async Task Idle_timeout_before_the_response_headers_is_retried()
    {
        var id = _fixture.NewId("idle-headers");
        var settings = _fixture.Settings("firstbyte=3000,id=" + id, retries: 1);
        settings.IdleTimeout = TimeSpan.FromMilliseconds(300);
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<DashScopeException>(() => _fixture.Chat(settings).SendAsync(TestServerFixture.Ask("hi"), CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.Timeout, error.Kind);
        Assert.True(error.IsTransient);
        Assert.Equal(2, error.Attempts);
        Assert.InRange(_fixture.Requests(id).Count, 1, 2);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(550), "gave up after " + watch.Elapsed);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "took " + watch.Elapsed);
    }

    [Fact]
    public async Task Idle_timeout_before_the_first_event_is_retried()
    {
        // Headers arrive at once; the first event only after 3 s (latency): silence before anything was received.
        var id = _fixture.NewId("idle-first-event");
        var settings = _fixture.Settings("latency=3000,id=" + id, retries: 1);
        settings.IdleTimeout = TimeSpan.FromMilliseconds(300);

        var error = await Assert.ThrowsAsync<DashScopeException>(() => _fixture.Chat(settings).StreamAsync(TestServerFixture.Ask("hi"), CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.Timeout, error.Kind);
        Assert.Equal(2, error.Attempts);
        Assert.InRange(_fixture.Requests(id).Count, 1, 2);
    }

    [Fact]
    public async Task Whole_call_timeout_covers_the_wait_before_a_retry()
    {
        var id = _fixture.NewId("timeout-retry");
        var settings = _fixture.Settings("throttle=3,retryafter=10,id=" + id, retries: 3);
        settings.Timeout = TimeSpan.FromMilliseconds(500);
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<DashScopeException>(() => _fixture.Chat(settings).SendAsync(TestServerFixture.Ask("hi"), CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.Timeout, error.Kind);
        Assert.Single(_fixture.Requests(id));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "took " + watch.Elapsed);
        Assert.IsType<DashScopeException>(error.InnerException);
        Assert.Equal(429, ((DashScopeException)error.InnerException!).StatusCode);
    }

    [Fact]
    public async Task Caller_cancellation_during_the_wait_before_a_retry_is_prompt()
    {
        var id = _fixture.NewId("cancel-retry");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _fixture.Chat("throttle=3,retryafter=10,id=" + id, retries: 3).SendAsync(TestServerFixture.Ask("hi"), cancel.Token));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), "took " + watch.Elapsed);
        Assert.True(_fixture.Requests(id).Count <= 1, "the cancelled call was retried");
    }
}
