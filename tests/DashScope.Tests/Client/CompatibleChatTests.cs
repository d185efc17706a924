using System.Text.Json;
using DashScope.Catalog;
using DashScope.Client;
using DashScope.Models;
using DashScope.Requests;
using DashScope.TestServer;
using DashScope.Transport;
using Xunit;

namespace DashScope.Tests.Client;

/// <summary>
/// Chat over the OpenAI-compatible protocol against the loopback server: the same ChatClient send path, the same
/// results and stream events as the native protocol, chosen by the connection (or by the model catalog).
/// </summary>
public class CompatibleChatTests : IClassFixture<TestServerFixture>
{
    private readonly TestServerFixture _fixture;

    public CompatibleChatTests(TestServerFixture fixture)
    {
        _fixture = fixture;
    }

    private static string Answer(string prompt, string model = "qwen-plus") => ChatSimulator.AnswerFor(model, prompt);

    /// <summary>A DashScope connection (native base) told to speak the compatible protocol.</summary>
    private ChatClient Compatible(string options, int retries = 0) =>
        new(new DashScopeClient(new ConnectionSettings(_fixture.Server.BaseUri(options), ApiKey.FromString(TestServerFixture.Key, "test"), ModelProtocol.Compatible)
        {
            Retry = new RetryPolicy(retries, TimeSpan.FromMilliseconds(50)),
            Timeout = TimeSpan.FromSeconds(30),
        }));

    /// <summary>A simulated on-premises server (…/v1) without a key.</summary>
    private ChatClient OnPremises(string options) =>
        new(new DashScopeClient(new ConnectionSettings(_fixture.Server.OnPremisesBaseUri(options), ApiKey.None) { Timeout = TimeSpan.FromSeconds(30) }));

    [Fact]
    public async Task Whole_answer_comes_from_chat_completions_with_the_body_at_the_top_level()
    {
        var id = _fixture.NewId("compat-plain");
        var request = TestServerFixture.Ask("What is PowerShell?") with { Temperature = 0.5, MaxTokens = 500, Stop = ["END"] };
        var result = await Compatible("id=" + id).SendAsync(request, CancellationToken.None);

        Assert.Equal(Answer("What is PowerShell?"), result.Text);
        Assert.Equal("stop", result.FinishReason);
        Assert.True(result.Completed);
        Assert.False(result.Streamed);
        Assert.Equal("qwen-plus", result.Model);
        Assert.Equal(result.Usage!.InputTokens + result.Usage.OutputTokens, result.Usage.TotalTokens);
        Assert.Equal(["user", "assistant"], result.History.Select(m => m.Role));
        Assert.Equal(result.Text, result.History[1].Content);

        var logged = Assert.Single(_fixture.Requests(id));
        Assert.Equal("/compatible-mode/v1/chat/completions", logged.Path);
        Assert.Equal("Bearer <18 chars, ends 90>", logged.Headers["authorization"]);
        Assert.False(logged.Headers.ContainsKey("x-dashscope-sse"));
        Assert.True(Guid.TryParse(result.RequestId, out _), "the x-request-id header is the request id: " + result.RequestId);
        using var body = JsonDocument.Parse(logged.Body);
        var root = body.RootElement;
        Assert.False(root.TryGetProperty("input", out _));
        Assert.False(root.TryGetProperty("parameters", out _));
        Assert.False(root.TryGetProperty("stream", out _));
        Assert.Equal("qwen-plus", root.GetProperty("model").GetString());
        Assert.Equal("What is PowerShell?", root.GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Equal(0.5, root.GetProperty("temperature").GetDouble());
        Assert.Equal(500, root.GetProperty("max_tokens").GetInt32());
        Assert.Equal("END", root.GetProperty("stop")[0].GetString());
    }

    [Fact]
    public async Task Stream_events_are_numbered_and_end_with_done_and_usage()
    {
        var id = _fixture.NewId("compat-stream");
        using var stream = await Compatible("id=" + id).StreamAsync(TestServerFixture.Ask("Name three Linux shells."), CancellationToken.None);
        var events = await TestServerFixture.ReadAllAsync(stream);
        var result = stream.Result;

        Assert.Equal(Answer("Name three Linux shells."), string.Concat(events.Select(e => e.Text)));
        Assert.Equal(result.Text, string.Concat(events.Select(e => e.Text)));
        Assert.Equal(Enumerable.Range(1, events.Count).Select(n => n.ToString()), events.Select(e => e.EventId));
        Assert.Single(events, e => e.FinishReason != null);
        Assert.Equal("stop", result.FinishReason);
        // Usage arrives in one extra chunk whose choices are empty (stream_options.include_usage).
        Assert.Null(events[^2].Usage);
        Assert.NotNull(events[^1].Usage);
        Assert.Equal(result.Usage!.TotalTokens, events[^1].Usage!.TotalTokens);
        Assert.Equal(ChatSimulator.Tokenize(result.Text).Count, result.Usage.OutputTokens);
        Assert.True(result.Completed);
        Assert.True(result.Streamed);
        Assert.All(events, e => Assert.Equal(result.RequestId, e.RequestId));
        Assert.Null(await stream.ReadAsync());

        var logged = Assert.Single(_fixture.Requests(id));
        Assert.Contains("text/event-stream", logged.Headers["accept"]);
        Assert.False(logged.Headers.ContainsKey("x-dashscope-sse"));
        using var body = JsonDocument.Parse(logged.Body);
        Assert.True(body.RootElement.GetProperty("stream").GetBoolean());
        Assert.True(body.RootElement.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }

    [Fact]
    public async Task A_base_uri_ending_in_compatible_mode_selects_the_protocol()
    {
        var id = _fixture.NewId("compat-base");
        var settings = new ConnectionSettings(_fixture.Server.CompatibleBaseUri("id=" + id), ApiKey.FromString(TestServerFixture.Key, "test"));
        Assert.Equal(ModelProtocol.Compatible, settings.Protocol);
        Assert.EndsWith("/api/v1/", settings.BaseUri.AbsoluteUri);

        var result = await _fixture.Chat(settings).SendAsync(TestServerFixture.Ask("hello"), TestServerFixture.Unseen, CancellationToken.None);

        Assert.Equal(Answer("hello"), result.Text);
        Assert.False(result.Streamed);
        Assert.Equal("/compatible-mode/v1/chat/completions", Assert.Single(_fixture.Requests(id)).Path);
    }

    [Fact]
    public async Task An_on_premises_server_is_called_without_a_key()
    {
        var id = _fixture.NewId("onprem");
        var chat = OnPremises("id=" + id);
        var request = TestServerFixture.Ask("hello", model: "Qwen/Qwen3-8B");

        var whole = await chat.SendAsync(request, CancellationToken.None);
        var streamed = await chat.SendAsync(request, new TestServerFixture.Observer(), CancellationToken.None);

        Assert.Equal(Answer("hello", "Qwen/Qwen3-8B"), whole.Text);
        Assert.Equal(whole.Text, streamed.Text);
        var logged = _fixture.Requests(id);
        Assert.Equal(2, logged.Count);
        Assert.All(logged, request => Assert.Equal("/v1/chat/completions", request.Path));
        Assert.All(logged, request => Assert.False(request.Headers.ContainsKey("authorization")));
    }

    [Fact]
    public async Task Reasoning_comes_before_the_answer_and_on_premises_servers_get_it_through_the_chat_template()
    {
        var id = _fixture.NewId("compat-think");
        var request = TestServerFixture.Ask("Is 9.11 greater than 9.9?") with { EnableThinking = true };
        var observer = new TestServerFixture.Observer(showsAnswer: false);
        var result = await Compatible("id=" + id).SendAsync(request, observer, CancellationToken.None);

        Assert.StartsWith("用户问的是：Is 9.11 greater than 9.9?", result.Reasoning);
        Assert.Equal(Answer("Is 9.11 greater than 9.9?"), result.Text);
        var lastReasoning = observer.Events.FindLastIndex(e => e.Reasoning != null);
        var firstText = observer.Events.FindIndex(e => e.Text.Length > 0);
        Assert.True(lastReasoning < firstText);
        Assert.Equal(ChatSimulator.Tokenize(result.Reasoning!).Count, result.Usage!.ReasoningTokens);
        using (var body = JsonDocument.Parse(Assert.Single(_fixture.Requests(id)).Body))
            Assert.True(body.RootElement.GetProperty("enable_thinking").GetBoolean());

        var onPremisesId = _fixture.NewId("onprem-think");
        var onPremises = await OnPremises("id=" + onPremisesId).SendAsync(request with { Model = "Qwen/Qwen3-8B" }, CancellationToken.None);
        Assert.NotNull(onPremises.Reasoning);
        using var sent = JsonDocument.Parse(Assert.Single(_fixture.Requests(onPremisesId)).Body);
        Assert.False(sent.RootElement.TryGetProperty("enable_thinking", out _));
        Assert.True(sent.RootElement.GetProperty("chat_template_kwargs").GetProperty("enable_thinking").GetBoolean());
    }

    [Fact]
    public async Task Tool_call_fragments_are_merged_by_index()
    {
        var tool = new DashScope.Tools.ToolDefinition
        {
            Name = "get_weather",
            Description = "Weather of a city",
            Parameters = new Dictionary<string, object?>
            {
                ["type"] = "object",
                ["properties"] = new Dictionary<string, object?> { ["city"] = new Dictionary<string, object?> { ["type"] = "string" } },
                ["required"] = new List<object?> { "city" },
            },
        };
        var request = TestServerFixture.Ask("Weather in Hangzhou and Paris?") with { Tools = [tool] };
        var arguments = Convert.ToBase64String("[{\"city\":\"Hangzhou\"},{\"city\":\"Paris\"}]"u8.ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var options = "toolcall=get_weather+get_weather,toolargs=" + arguments + ",id=" + _fixture.NewId("compat-tools");

        var streamed = await Compatible(options).SendAsync(request, new TestServerFixture.Observer(), CancellationToken.None);
        var whole = await Compatible(options).SendAsync(request, CancellationToken.None);

        foreach (var result in new[] { streamed, whole })
        {
            Assert.Equal("tool_calls", result.FinishReason);
            Assert.Equal(2, result.ToolCalls.Count);
            Assert.Equal(["get_weather", "get_weather"], result.ToolCalls.Select(c => c.Name));
            Assert.Equal(["{\"city\":\"Hangzhou\"}", "{\"city\":\"Paris\"}"], result.ToolCalls.Select(c => c.Arguments));
            Assert.All(result.ToolCalls, c => Assert.StartsWith("call_", c.Id));
            Assert.Equal(result.ToolCalls, result.History[^1].ToolCalls);
        }
        using var body = JsonDocument.Parse(_fixture.Requests(options[(options.LastIndexOf("id=", StringComparison.Ordinal) + 3)..])[0].Body);
        Assert.Equal("get_weather", body.RootElement.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Service_errors_have_the_OpenAI_shape()
    {
        var failed = await Assert.ThrowsAsync<DashScopeException>(() =>
            Compatible("id=" + _fixture.NewId("compat-fail")).SendAsync(TestServerFixture.Ask("please #fail"), CancellationToken.None));
        Assert.Equal(DashScopeErrorKind.Service, failed.Kind);
        Assert.Equal(400, failed.StatusCode);
        Assert.Equal("invalid_parameter_error", failed.Code);
        Assert.Contains("#fail", failed.ServiceMessage);
        Assert.NotNull(failed.RequestId);

        var settings = new ConnectionSettings(_fixture.Server.CompatibleBaseUri("id=" + _fixture.NewId("compat-key")), ApiKey.FromString(DashScopeTestServer.InvalidKey, "test"));
        var refused = await Assert.ThrowsAsync<DashScopeException>(() => _fixture.Chat(settings).SendAsync(TestServerFixture.Ask("hi"), new TestServerFixture.Observer(), CancellationToken.None));
        Assert.Equal(401, refused.StatusCode);
        Assert.Equal("invalid_api_key", refused.Code);
    }

    [Fact]
    public async Task Throttling_and_server_errors_are_retried_as_on_the_native_protocol()
    {
        var id = _fixture.NewId("compat-retry");
        var result = await Compatible("throttle=1,retryafter=0,fail=503:1,id=" + id, retries: 3)
            .SendAsync(TestServerFixture.Ask("hello"), new TestServerFixture.Observer(), CancellationToken.None);

        Assert.Equal(Answer("hello"), result.Text);
        Assert.Equal(3, _fixture.Requests(id).Count);

        var exhausted = await Assert.ThrowsAsync<DashScopeException>(() =>
            Compatible("throttle=5,retryafter=0,id=" + _fixture.NewId("compat-throttled"), retries: 1).SendAsync(TestServerFixture.Ask("hello"), CancellationToken.None));
        Assert.Equal(429, exhausted.StatusCode);
        Assert.Equal("limit_requests", exhausted.Code);
        Assert.Equal(2, exhausted.Attempts);
    }

    [Fact]
    public async Task An_error_chunk_in_the_middle_of_a_stream_fails_with_what_arrived()
    {
        var observer = new TestServerFixture.Observer();
        var failure = await Assert.ThrowsAsync<DashScopeException>(() =>
            Compatible("error=4,id=" + _fixture.NewId("compat-midstream")).SendAsync(TestServerFixture.Ask("hello"), observer, CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.Service, failure.Kind);
        Assert.Equal("internal_error", failure.Code);
        Assert.Equal(500, failure.StatusCode);
        Assert.Equal(4, observer.Events.Count);
        var partial = Assert.IsType<QwenChatResult>(failure.PartialResult);
        Assert.False(partial.Completed);
        Assert.Equal(string.Concat(observer.Events.Select(e => e.Text)), partial.Text);
        Assert.StartsWith(partial.Text, Answer("hello"));
    }

    [Fact]
    public async Task Dropped_and_malformed_streams_fail_like_native_ones()
    {
        var dropped = await Assert.ThrowsAsync<DashScopeException>(() =>
            Compatible("drop=3,id=" + _fixture.NewId("compat-drop")).SendAsync(TestServerFixture.Ask("hello"), new TestServerFixture.Observer(), CancellationToken.None));
        Assert.Equal(DashScopeErrorKind.Network, dropped.Kind);
        Assert.False(Assert.IsType<QwenChatResult>(dropped.PartialResult).Completed);

        var malformed = await Assert.ThrowsAsync<DashScopeException>(() =>
            Compatible("malformed=2,id=" + _fixture.NewId("compat-malformed")).SendAsync(TestServerFixture.Ask("hello"), new TestServerFixture.Observer(), CancellationToken.None));
        Assert.Equal(DashScopeErrorKind.Protocol, malformed.Kind);
    }

    [Fact]
    public async Task A_held_stream_resumes_and_gaps_and_crlf_framing_do_not_matter()
    {
        var id = _fixture.NewId("compat-hold");
        var observer = new TestServerFixture.Observer();
        var sending = Compatible("hold=2,gap=5,crlf,id=" + id).SendAsync(TestServerFixture.Ask("hello"), observer, CancellationToken.None);
        await Task.Delay(300);
        Assert.False(sending.IsCompleted);
        _fixture.Server.Log.Release(id);
        var result = await sending.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(Answer("hello"), result.Text);
        Assert.NotNull(result.Usage);
    }

    [Fact]
    public async Task A_stream_only_compatible_model_goes_to_the_compatible_endpoint_of_a_native_connection()
    {
        var id = _fixture.NewId("omni");
        var result = await _fixture.Chat("id=" + id).SendAsync(TestServerFixture.Ask("hello", model: "qwen3-omni-flash"), CancellationToken.None);

        Assert.Equal(Answer("hello", "qwen3-omni-flash"), result.Text);
        Assert.False(result.Streamed);
        var logged = Assert.Single(_fixture.Requests(id));
        Assert.Equal("/compatible-mode/v1/chat/completions", logged.Path);
        using var body = JsonDocument.Parse(logged.Body);
        Assert.True(body.RootElement.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public async Task DashScope_only_features_are_refused_for_another_server_before_anything_is_sent()
    {
        var id = _fixture.NewId("onprem-search");
        var failure = await Assert.ThrowsAsync<DashScopeException>(() =>
            OnPremises("id=" + id).SendAsync(TestServerFixture.Ask("news?") with { EnableSearch = true }, CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.InvalidInput, failure.Kind);
        Assert.Contains("Web search", failure.Message);
        Assert.Empty(_fixture.Requests(id));
    }

    [Fact]
    public async Task A_conversation_continues_across_protocols()
    {
        var first = await Compatible("id=" + _fixture.NewId("compat-turn1")).SendAsync(TestServerFixture.Ask("Name a shell."), CancellationToken.None);
        var id = _fixture.NewId("compat-turn2");
        var next = TestServerFixture.Ask("And another?") with { Messages = [.. first.History, new QwenChatMessage("user", "And another?")] };
        var second = await Compatible("id=" + id).SendAsync(next, CancellationToken.None);

        Assert.Equal(4, second.History.Count);
        using var body = JsonDocument.Parse(Assert.Single(_fixture.Requests(id)).Body);
        var messages = body.RootElement.GetProperty("messages");
        Assert.Equal(["user", "assistant", "user"], messages.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(first.Text, messages[1].GetProperty("content").GetString());
    }
}
