using System.Diagnostics;
using System.Net.Http;
using System.Text.Json;
using DashScope.Client;
using DashScope.Requests;
using Xunit;

namespace DashScope.Tests.Client;

/// <summary>SendAsync of any service request: the same retries, timeouts, errors and cancellation as chat.</summary>
public class ServiceRequestTests : IClassFixture<TestServerFixture>
{
    private readonly TestServerFixture _fixture;

    public ServiceRequestTests(TestServerFixture fixture)
    {
        _fixture = fixture;
    }

    private static TokenizeRequest Tokenize() => new() { Prompt = "代码改变世界" };

    /// <summary>A request whose decoding meets a member of the wrong type.</summary>
    private sealed class Misreading : ServiceRequest<int>
    {
        public override string Path => "tokenizer";

        public override void WriteBody(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            writer.WriteString("model", "qwen-plus");
            writer.WriteStartObject("input");
            writer.WriteString("prompt", "x");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        public override int Decode(JsonElement root, string? requestId) => root.GetProperty("request_id").GetInt32();
    }

    /// <summary>A request whose one-pass reading fails the way malformed data makes it fail; the full reading must answer.</summary>
    private sealed class FastReadingFails : ServiceRequest<string?>
    {
        public override string Path => "tokenizer";

        public override void WriteBody(Utf8JsonWriter writer) => new Misreading().WriteBody(writer);

        protected internal override bool TryDecodeRaw(ReadOnlySpan<byte> json, string? headerRequestId, out string? response)
        {
            var reader = new Utf8JsonReader(json[..(json.Length / 2)], isFinalBlock: true, default);
            while (reader.Read()) { }
            response = "unreachable";
            return true;
        }

        public override string? Decode(JsonElement root, string? requestId) => requestId;
    }

    /// <summary>A GET under the native base, decoded by hand.</summary>
    private sealed class GetTask : ServiceRequest<string?>
    {
        public override string Path => "tasks/t-1";

        public override HttpMethod Method => HttpMethod.Get;

        public override IDictionary<string, string>? Headers => new Dictionary<string, string> { ["X-Test"] = "yes" };

        public override string? Decode(JsonElement root, string? requestId) => root.GetProperty("output").GetProperty("task_status").GetString() + " " + requestId;
    }

    [Fact]
    public async Task Throttled_with_retry_after_waits_and_retries()
    {
        var id = _fixture.NewId("svc-retry-after");
        var result = await _fixture.Client("throttle=1,retryafter=1,id=" + id, retries: 2).SendAsync(Tokenize(), CancellationToken.None);

        Assert.Equal(3, result.Count);
        var requests = _fixture.Requests(id);
        Assert.Equal(2, requests.Count);
        // The policy's own backoff is 25-50 ms; only Retry-After: 1 explains a second between the two.
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromMilliseconds(950),
            "second request after " + (requests[1].ReceivedAt - requests[0].ReceivedAt).TotalMilliseconds + " ms");
        Assert.Equal(requests[0].Body, requests[1].Body);
    }

    [Fact]
    public async Task Throttling_holds_the_shared_backoff()
    {
        var settings = _fixture.Settings("throttle=1,retryafter=7,id=" + _fixture.NewId("svc-backoff"));
        var error = await Assert.ThrowsAsync<DashScopeException>(() => new DashScopeClient(settings).SendAsync(Tokenize(), CancellationToken.None));

        Assert.Equal(429, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.InRange(settings.Backoff.Remaining, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task Server_errors_are_retried()
    {
        var id = _fixture.NewId("svc-503");
        var result = await _fixture.Client("fail=503:2,id=" + id, retries: 2).SendAsync(Tokenize(), CancellationToken.None);

        Assert.Equal(["代码", "改变", "世界"], result.Tokens);
        Assert.Equal(3, _fixture.Requests(id).Count);
    }

    [Fact]
    public async Task Client_errors_are_not_retried()
    {
        var id = _fixture.NewId("svc-400");
        var error = await Assert.ThrowsAsync<DashScopeException>(() => _fixture.Client("fail=400:1,id=" + id, retries: 3).SendAsync(Tokenize(), CancellationToken.None));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("TestServer.Fault", error.Code);
        Assert.Equal(1, error.Attempts);
        Assert.True(Guid.TryParse(error.RequestId, out _));
        Assert.Single(_fixture.Requests(id));
    }

    [Fact]
    public async Task Invalid_key_is_the_recorded_401_without_the_key_anywhere()
    {
        var id = _fixture.NewId("svc-401");
        var client = new DashScopeClient(_fixture.Settings("id=" + id, key: "sk-invalid"));
        var error = await Assert.ThrowsAsync<DashScopeException>(() => client.SendAsync(Tokenize(), CancellationToken.None));

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("InvalidApiKey", error.Code);
        var lines = new List<string>();
        while (client.Log.TryRead(out var line)) lines.Add(line);
        Assert.Contains(lines, line => line.Contains("tokenizer"));
        Assert.DoesNotContain(lines, line => line.Contains("sk-invalid"));
        Assert.DoesNotContain("sk-invalid", error.ToString());
    }

    [Fact]
    public async Task Caller_cancellation_stops_the_call()
    {
        var id = _fixture.NewId("svc-cancel");
        using var cancel = new CancellationTokenSource();
        var call = _fixture.Client("firstbyte=10000,id=" + id, retries: 3).SendAsync(Tokenize(), cancel.Token);
        await _fixture.Server.Log.WaitForAsync(r => r.Id == id, TimeSpan.FromSeconds(10));
        var watch = Stopwatch.StartNew();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), "took " + watch.Elapsed);
        Assert.Single(_fixture.Requests(id));
    }

    [Fact]
    public async Task Whole_call_timeout_is_a_timeout_error()
    {
        var id = _fixture.NewId("svc-timeout");
        var settings = _fixture.Settings("firstbyte=10000,id=" + id, retries: 3);
        settings.Timeout = TimeSpan.FromMilliseconds(300);

        var error = await Assert.ThrowsAsync<DashScopeException>(() => new DashScopeClient(settings).SendAsync(Tokenize(), CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.Timeout, error.Kind);
        Assert.Single(_fixture.Requests(id));
    }

    [Fact]
    public async Task Idle_timeout_before_the_answer_is_retried()
    {
        var id = _fixture.NewId("svc-idle");
        var settings = _fixture.Settings("firstbyte=3000,id=" + id, retries: 1);
        settings.IdleTimeout = TimeSpan.FromMilliseconds(200);

        var error = await Assert.ThrowsAsync<DashScopeException>(() => new DashScopeClient(settings).SendAsync(Tokenize(), CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.Timeout, error.Kind);
        Assert.Equal(2, error.Attempts);
        Assert.InRange(_fixture.Requests(id).Count, 1, 2);
    }

    [Fact]
    public async Task A_member_of_the_wrong_type_is_a_protocol_error()
    {
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Client("id=" + _fixture.NewId("svc-misread")).SendAsync(new Misreading(), CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.Protocol, error.Kind);
        Assert.Contains("tokenizer", error.Message);
    }

    [Fact]
    public async Task A_one_pass_reading_that_meets_malformed_data_falls_back_to_the_full_reading()
    {
        var requestId = await _fixture.Client("id=" + _fixture.NewId("svc-fast-fails")).SendAsync(new FastReadingFails(), CancellationToken.None);

        Assert.True(Guid.TryParse(requestId, out _), "request id " + requestId);
    }

    [Fact]
    public async Task A_get_sends_no_body_and_its_extra_headers()
    {
        var id = _fixture.NewId("svc-get");
        var answer = await _fixture.Client("id=" + id).SendAsync(new GetTask(), CancellationToken.None);

        var logged = Assert.Single(_fixture.Requests(id));
        Assert.Equal("GET", logged.Method);
        Assert.Equal("/api/v1/tasks/t-1", logged.Path);
        Assert.Equal("", logged.Body);
        Assert.False(logged.Headers.ContainsKey("content-type"));
        Assert.Equal("yes", logged.Headers["x-test"]);
        Assert.StartsWith("Bearer <", logged.Headers["authorization"]);
        Assert.StartsWith("UNKNOWN ", answer);
    }
}
