using DashScope.Streaming;
using System.Diagnostics;
using System.Text.Json;
using DashScope.Client;
using DashScope.Models;
using DashScope.Requests;
using DashScope.TestServer;
using DashScope.Transport;
using Xunit;

namespace DashScope.Tests.Client;

/// <summary>Whole calls against the loopback server: answers, streams, recorded scenarios, framing variations.</summary>
public class ChatClientTests : IClassFixture<TestServerFixture>
{
    private readonly TestServerFixture _fixture;

    public ChatClientTests(TestServerFixture fixture)
    {
        _fixture = fixture;
    }

    private static string Answer(string prompt, string model = "qwen-plus") => ChatSimulator.AnswerFor(model, prompt);

    [Fact]
    public async Task Non_stream_call_returns_the_whole_answer()
    {
        var id = _fixture.NewId("plain");
        var result = await _fixture.Chat("id=" + id).SendAsync(TestServerFixture.Ask("What is PowerShell?"), CancellationToken.None);

        Assert.Equal(Answer("What is PowerShell?"), result.Text);
        Assert.Equal("stop", result.FinishReason);
        Assert.True(result.Completed);
        Assert.False(result.Streamed);
        Assert.Equal("qwen-plus", result.Model);
        Assert.NotNull(result.Usage);
        Assert.Equal(result.Usage!.InputTokens + result.Usage.OutputTokens, result.Usage.TotalTokens);
        Assert.True(Guid.TryParse(result.RequestId, out _));
        Assert.Equal(2, result.History.Count);
        Assert.Equal("user", result.History[0].Role);
        Assert.Equal("assistant", result.History[1].Role);
        Assert.Equal(result.Text, result.History[1].Content);

        var request = Assert.Single(_fixture.Requests(id));
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/v1/services/aigc/text-generation/generation", request.Path);
        Assert.Equal("Bearer <18 chars, ends 90>", request.Headers["authorization"]);
        Assert.Contains("application/json", request.Headers["accept"]);
        Assert.StartsWith("application/json", request.Headers["content-type"]);
        Assert.False(request.Headers.ContainsKey("x-dashscope-sse"));
        using var body = JsonDocument.Parse(request.Body);
        Assert.False(body.RootElement.GetProperty("parameters").TryGetProperty("incremental_output", out _));
        Assert.Equal("message", body.RootElement.GetProperty("parameters").GetProperty("result_format").GetString());
    }

    [Fact]
    public async Task Stream_records_concatenate_to_the_result_text()
    {
        var id = _fixture.NewId("stream");
        using var stream = await _fixture.Chat("id=" + id).StreamAsync(TestServerFixture.Ask("Name three Linux shells."), CancellationToken.None);
        var records = await TestServerFixture.ReadAllAsync(stream);
        var result = stream.Result;

        Assert.True(records.Count > 5, "only " + records.Count + " records");
        Assert.Equal(Answer("Name three Linux shells."), string.Concat(records.Select(r => r.Text)));
        Assert.Equal(string.Concat(records.Select(r => r.Text)), result.Text);
        Assert.Equal(Enumerable.Range(1, records.Count).Select(n => n.ToString()), records.Select(r => r.EventId));
        Assert.All(records.Take(records.Count - 1), r => Assert.Null(r.FinishReason));
        Assert.Equal("stop", records[^1].FinishReason);
        Assert.Equal("", records[^1].Text);
        Assert.All(records, r => Assert.Equal(result.RequestId, r.RequestId));
        Assert.True(result.Completed);
        Assert.True(result.Streamed);
        Assert.Equal("stop", result.FinishReason);
        Assert.Equal(records.Count - 1, result.Usage!.OutputTokens);

        // Reading past the end keeps returning null.
        Assert.Null(await stream.ReadAsync());

        var request = Assert.Single(_fixture.Requests(id));
        Assert.Equal("enable", request.Headers["x-dashscope-sse"]);
        Assert.Contains("text/event-stream", request.Headers["accept"]);
        using var body = JsonDocument.Parse(request.Body);
        Assert.True(body.RootElement.GetProperty("parameters").GetProperty("incremental_output").GetBoolean());
    }

    [Fact]
    public async Task CompleteAsync_with_stream_set_reads_the_stream_to_the_end()
    {
        var id = _fixture.NewId("complete-stream");
        var result = await _fixture.Chat("id=" + id).SendAsync(TestServerFixture.Ask("hello"), TestServerFixture.Unseen, CancellationToken.None);

        Assert.Equal(Answer("hello"), result.Text);
        Assert.True(result.Completed);
        Assert.Equal("enable", Assert.Single(_fixture.Requests(id)).Headers["x-dashscope-sse"]);
    }

    [Fact]
    public async Task Replays_the_recorded_text_format_stream()
    {
        using var stream = await _fixture.Chat("scenario=single-generation-text-sse,id=" + _fixture.NewId("text-sse")).StreamAsync(TestServerFixture.Ask("1+1"), CancellationToken.None);
        var records = await TestServerFixture.ReadAllAsync(stream);
        var result = stream.Result;

        Assert.Equal(["1+", "1", "等于", "2。", ""], records.Select(r => r.Text));
        Assert.Equal("1+1等于2。", result.Text);
        Assert.Equal("stop", result.FinishReason);
        Assert.Equal(22, result.Usage!.TotalTokens);
        Assert.Equal(16, result.Usage.InputTokens);
        Assert.Equal(6, result.Usage.OutputTokens);
        Assert.Equal("5b441aa7-0b9c-9fbc-ae0a-e2b212b71eac", result.RequestId);
        Assert.True(result.Completed);
    }

    [Fact]
    public async Task Replays_the_recorded_text_format_answer()
    {
        var result = await _fixture.Chat("scenario=single-generation-text-nosse,id=" + _fixture.NewId("text-nosse")).SendAsync(TestServerFixture.Ask("1+1"), CancellationToken.None);

        Assert.Equal("1+1等于2。这是最基本的数学加法运算之一。", result.Text);
        Assert.Equal("stop", result.FinishReason);
        Assert.Equal(30, result.Usage!.TotalTokens);
        Assert.Equal(0, result.Usage.CachedTokens);
        Assert.Equal("7e3d5586-cb70-98ce-97bf-8a2ac0091c3f", result.RequestId);
        Assert.True(result.Completed);
    }

    [Fact]
    public async Task Replays_the_recorded_message_answer_whose_body_starts_with_a_bom()
    {
        var result = await _fixture.Chat("scenario=single-generation-message-nosse,id=" + _fixture.NewId("message-nosse")).SendAsync(TestServerFixture.Ask("1+1"), CancellationToken.None);

        Assert.Equal("1+1 等于 2。这是最基本的数学加法之一，在十进制计数体系中，任何两个相同的数字相加都等于该数字的二倍。", result.Text);
        Assert.Equal(47, result.Usage!.TotalTokens);
        Assert.Equal("e764bfe3-c0b7-97a0-ae57-cd99e1580960", result.RequestId);
    }

    [Fact]
    public async Task Replays_the_recorded_message_stream_with_bom_and_no_blank_lines()
    {
        const string name = "single-generation-message-sse";
        using var stream = await _fixture.Chat("scenario=" + name + ",id=" + _fixture.NewId("message-sse")).StreamAsync(TestServerFixture.Ask("请问 1+1 是多少？", "qwen-max"), CancellationToken.None);
        var records = await TestServerFixture.ReadAllAsync(stream);
        var result = stream.Result;

        Assert.Equal(10, records.Count);
        Assert.Equal(RecordedStream.ConcatenatedText(name), result.Text);
        Assert.Equal(result.Text, string.Concat(records.Select(r => r.Text)));
        Assert.StartsWith("1+1 等于 2。", result.Text);
        Assert.Equal(48, result.Usage!.TotalTokens);
        Assert.Equal("d272255f-82d7-9cc7-93c5-17ff77024349", result.RequestId);
        Assert.Equal("stop", result.FinishReason);
    }

    [Fact]
    public async Task Replays_the_recorded_reasoning_stream()
    {
        const string name = "single-generation-message-reasoning-sse";
        var result = await _fixture.Chat("scenario=" + name + ",id=" + _fixture.NewId("reasoning-sse"))
            .SendAsync(TestServerFixture.Ask("请问 1+1 是多少？", "qwen-plus-latest"), TestServerFixture.Unseen, CancellationToken.None);

        Assert.Equal(RecordedStream.ConcatenatedText(name), result.Text);
        Assert.Equal(RecordedStream.ConcatenatedReasoning(name), result.Reasoning);
        Assert.EndsWith("😊", result.Text);
        Assert.Equal(10, result.Usage!.ReasoningTokens);
    }

    [Fact]
    public async Task Recorded_error_stream_is_a_service_error_with_code_and_request_id()
    {
        var id = _fixture.NewId("param-error-sse");
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Chat("scenario=parameter-error-sse,id=" + id, retries: 3).StreamAsync(TestServerFixture.Ask("x"), CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.Service, error.Kind);
        Assert.Equal("InvalidParameter", error.Code);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("Role must be user or assistant and Content length must be greater than 0", error.ServiceMessage);
        Assert.Equal("7671ecd8-93cc-9ee9-bc89-739f0fd8b809", error.RequestId);
        Assert.False(error.IsTransient);
        Assert.Equal(1, error.Attempts);
        Assert.Single(_fixture.Requests(id));
        Assert.Contains("InvalidParameter", error.Message);
        Assert.Contains("7671ecd8-93cc-9ee9-bc89-739f0fd8b809", error.Message);
    }

    [Fact]
    public async Task Recorded_error_stream_through_CompleteAsync_is_the_same_service_error()
    {
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Chat("scenario=parameter-error-sse,id=" + _fixture.NewId("param-error-complete")).SendAsync(TestServerFixture.Ask("x"), TestServerFixture.Unseen, CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.Service, error.Kind);
        Assert.Equal("InvalidParameter", error.Code);
        Assert.Equal("7671ecd8-93cc-9ee9-bc89-739f0fd8b809", error.RequestId);
    }

    [Fact]
    public async Task Recorded_auth_error_is_401_InvalidApiKey()
    {
        var id = _fixture.NewId("auth");
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Chat("scenario=auth-error-nosse,id=" + id, retries: 3).SendAsync(TestServerFixture.Ask("x"), CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.Service, error.Kind);
        Assert.Equal(401, error.StatusCode);
        Assert.Equal("InvalidApiKey", error.Code);
        Assert.Equal("Invalid API-key provided.", error.ServiceMessage);
        Assert.Equal("a1c0561c-1dfe-98a6-a62f-983577b8bc5e", error.RequestId);
        Assert.False(error.IsTransient);
        Assert.Single(_fixture.Requests(id));
    }

    [Fact]
    public async Task Wrong_key_on_a_stream_is_401_InvalidApiKey()
    {
        var id = _fixture.NewId("bad-key");
        var settings = _fixture.Settings("id=" + id, retries: 2, key: DashScopeTestServer.InvalidKey);

        var error = await Assert.ThrowsAsync<DashScopeException>(() => _fixture.Chat(settings).StreamAsync(TestServerFixture.Ask("x"), CancellationToken.None));

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("InvalidApiKey", error.Code);
        Assert.Single(_fixture.Requests(id));
        Assert.DoesNotContain(DashScopeTestServer.InvalidKey, error.Message);
    }

    [Theory]
    [InlineData("bom")]
    [InlineData("noblank")]
    [InlineData("crlf")]
    [InlineData("chunk=1")]
    [InlineData("bom,noblank,crlf,chunk=2")]
    public async Task Framing_variations_give_the_same_text_as_the_plain_stream(string variation)
    {
        const string prompt = "用一句话介绍杭州。";
        var plainStream = await _fixture.Chat("id=" + _fixture.NewId("plain-" + variation)).StreamAsync(TestServerFixture.Ask(prompt), CancellationToken.None);
        List<ChatStreamEvent> plain;
        using (plainStream) plain = await TestServerFixture.ReadAllAsync(plainStream);

        using var stream = await _fixture.Chat(variation + ",id=" + _fixture.NewId("variant")).StreamAsync(TestServerFixture.Ask(prompt), CancellationToken.None);
        var records = await TestServerFixture.ReadAllAsync(stream);
        var result = stream.Result;

        Assert.Equal(plain.Select(r => r.Text), records.Select(r => r.Text));
        Assert.Equal(plain.Select(r => r.EventId), records.Select(r => r.EventId));
        Assert.Equal(Answer(prompt), result.Text);
        Assert.Contains(prompt, result.Text);
        Assert.Contains("这是一个流式回答，逐段到达。", result.Text);
        Assert.DoesNotContain('\uFFFD', result.Text);
        Assert.Equal("stop", result.FinishReason);
        Assert.True(result.Completed);
    }

    [Theory]
    [InlineData("chunk=1")]
    [InlineData("bom,gap=5")]
    [InlineData("noblank,crlf,gap=5")]
    public async Task Recorded_stream_replayed_with_variations_gives_the_recorded_text(string variation)
    {
        const string name = "single-generation-message-reasoning-sse";
        var result = await _fixture.Chat("scenario=" + name + "," + variation + ",id=" + _fixture.NewId("replay-variant"))
            .SendAsync(TestServerFixture.Ask("请问 1+1 是多少？"), TestServerFixture.Unseen, CancellationToken.None);

        Assert.Equal(RecordedStream.ConcatenatedText(name), result.Text);
        Assert.Equal(RecordedStream.ConcatenatedReasoning(name), result.Reasoning);
    }

    [Fact]
    public async Task Chinese_prompt_round_trips_raw()
    {
        const string prompt = "请用一句话介绍杭州的西湖，谢谢！😊";
        var id = _fixture.NewId("chinese");
        var result = await _fixture.Chat("id=" + id).SendAsync(TestServerFixture.Ask(prompt), CancellationToken.None);

        Assert.Contains(prompt, result.Text);
        var request = Assert.Single(_fixture.Requests(id));
        // The CJK text is sent raw (the emoji beyond the BMP may go as an escaped surrogate pair, which is the same JSON string).
        Assert.Contains("请用一句话介绍杭州的西湖，谢谢！", request.Body);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(prompt, body.RootElement.GetProperty("input").GetProperty("messages")[0].GetProperty("content").GetString());
    }

    [Fact]
    public async Task Thinking_without_stream_is_streamed_internally_and_returns_reasoning_and_text()
    {
        const string prompt = "1+1 等于几？";
        var id = _fixture.NewId("thinking");
        var request = TestServerFixture.Ask(prompt);
        request = request with { EnableThinking = true };

        var result = await _fixture.Chat("id=" + id).SendAsync(request, CancellationToken.None);

        Assert.Equal("用户问的是：" + prompt + "。我先想一想，再回答。", result.Reasoning);
        Assert.Equal(Answer(prompt), result.Text);
        Assert.True(result.Completed);
        Assert.NotNull(result.Usage!.ReasoningTokens);
        Assert.Equal(result.Reasoning, result.History[^1].ReasoningContent);

        var sent = Assert.Single(_fixture.Requests(id));
        Assert.Equal("enable", sent.Headers["x-dashscope-sse"]);
        using var body = JsonDocument.Parse(sent.Body);
        Assert.True(body.RootElement.GetProperty("parameters").GetProperty("enable_thinking").GetBoolean());
        Assert.True(body.RootElement.GetProperty("parameters").GetProperty("incremental_output").GetBoolean());
    }

    [Fact]
    public async Task Thinking_stream_records_carry_reasoning_then_text()
    {
        var request = TestServerFixture.Ask("hi");
        request = request with { EnableThinking = true };
        request = request with { ThinkingBudget = 4 };

        using var stream = await _fixture.Chat("id=" + _fixture.NewId("thinking-stream")).StreamAsync(request, CancellationToken.None);
        var records = await TestServerFixture.ReadAllAsync(stream);

        var reasoning = records.TakeWhile(r => r.Reasoning != null).ToList();
        Assert.Equal(4, reasoning.Count);
        Assert.All(reasoning, r => Assert.Equal("", r.Text));
        Assert.All(records.Skip(4), r => Assert.Null(r.Reasoning));
        Assert.Equal(string.Concat(reasoning.Select(r => r.Reasoning)), stream.Result.Reasoning);
        Assert.Equal(Answer("hi"), stream.Result.Text);
    }

    [Fact]
    public async Task Multimodal_model_goes_to_the_multimodal_endpoint_and_reads_parts()
    {
        var id = _fixture.NewId("multimodal");
        var result = await _fixture.Chat("id=" + id).SendAsync(TestServerFixture.Ask("描述杭州", "qwen3.6-plus"), CancellationToken.None);

        Assert.Equal(Answer("描述杭州", "qwen3.6-plus"), result.Text);
        var request = Assert.Single(_fixture.Requests(id));
        Assert.Equal("/api/v1/services/aigc/multimodal-generation/generation", request.Path);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("描述杭州", body.RootElement.GetProperty("input").GetProperty("messages")[0].GetProperty("content")[0].GetProperty("text").GetString());

        using var stream = await _fixture.Chat("id=" + id).StreamAsync(TestServerFixture.Ask("描述杭州", "qwen3.6-plus"), CancellationToken.None);
        var records = await TestServerFixture.ReadAllAsync(stream);
        Assert.Equal(result.Text, string.Concat(records.Select(r => r.Text)));
    }

    [Fact]
    public async Task Max_tokens_cuts_the_answer_with_finish_reason_length()
    {
        var request = TestServerFixture.Ask("hello");
        request = request with { MaxTokens = 3 };

        var result = await _fixture.Chat("id=" + _fixture.NewId("length")).SendAsync(request, CancellationToken.None);

        Assert.Equal("length", result.FinishReason);
        Assert.Equal(string.Concat(ChatSimulator.Tokenize(Answer("hello")).Take(3)), result.Text);
        Assert.Equal(3, result.Usage!.OutputTokens);
    }

    [Fact]
    public async Task Conversation_continues_from_the_result_history()
    {
        var id = _fixture.NewId("history");
        var chat = _fixture.Chat("id=" + id);
        var first = await chat.SendAsync(TestServerFixture.Ask("现在请你记住一个数字，42"), CancellationToken.None);

        var next = new ChatRequest { Messages = new List<QwenChatMessage>(first.History) };
        next = next with { Messages = [.. next.Messages, new QwenChatMessage("user", "请问我刚才提到的数字是多少？")] };
        var second = await chat.SendAsync(next, CancellationToken.None);

        Assert.Equal(4, second.History.Count);
        Assert.Contains("请问我刚才提到的数字是多少？", second.Text);
        var sent = _fixture.Requests(id);
        Assert.Equal(2, sent.Count);
        using var body = JsonDocument.Parse(sent[1].Body);
        var messages = body.RootElement.GetProperty("input").GetProperty("messages");
        Assert.Equal(["user", "assistant", "user"], messages.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(first.Text, messages[1].GetProperty("content").GetString());
    }

    [Fact]
    public async Task Workspace_and_user_agent_headers_are_sent()
    {
        var id = _fixture.NewId("headers");
        var settings = _fixture.Settings("id=" + id);
        settings.Workspace = "ws-test-123";

        await _fixture.Chat(settings).SendAsync(TestServerFixture.Ask("hi"), CancellationToken.None);

        var request = Assert.Single(_fixture.Requests(id));
        Assert.Equal("ws-test-123", request.Headers["x-dashscope-workspace"]);
        Assert.StartsWith("DashScope.PowerShell/", request.Headers["user-agent"]);
    }

    [Fact]
    public async Task Extra_headers_go_on_every_call_to_the_service_whole_streamed_services_and_files()
    {
        var id = _fixture.NewId("extra-headers");
        var settings = _fixture.Settings("id=" + id);
        settings.Headers = new Dictionary<string, string> { ["X-DashScope-DataInspection"] = "{\"input\":\"cip\",\"output\":\"cip\"}", ["User-Agent"] = "my-agent/1.0" };
        var client = new DashScopeClient(settings);
        var chat = new ChatClient(client);

        await chat.SendAsync(TestServerFixture.Ask("hi"), CancellationToken.None);
        await chat.SendAsync(TestServerFixture.Ask("hi"), new TestServerFixture.Observer(), CancellationToken.None);
        await client.SendAsync(new TokenizeRequest { Prompt = "代码改变世界" }, CancellationToken.None);
        await new FilesClient(client).ListAsync(null, null, null, CancellationToken.None);

        var requests = _fixture.Requests(id);
        Assert.Equal(4, requests.Count);
        Assert.Equal("enable", requests[1].Headers["x-dashscope-sse"]);
        Assert.Contains(requests, request => request.Path.Contains("/compatible-mode/"));
        Assert.All(requests, request => Assert.Equal("{\"input\":\"cip\",\"output\":\"cip\"}", request.Headers["x-dashscope-datainspection"]));
        Assert.All(requests, request => Assert.Equal("my-agent/1.0", request.Headers["user-agent"]));
        Assert.All(requests, request => Assert.StartsWith("Bearer <", request.Headers["authorization"]));
    }

    [Fact]
    public async Task Records_are_readable_before_the_server_sends_the_rest()
    {
        var id = _fixture.NewId("hold");
        using var stream = await _fixture.Chat("hold=2,id=" + id).StreamAsync(TestServerFixture.Ask("hello"), CancellationToken.None);
        try
        {
            var first = await stream.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            var second = await stream.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.NotNull(first);
            Assert.NotNull(second);
            Assert.Equal("1", first!.EventId);
            Assert.Equal("2", second!.EventId);
            // The server is still holding: nothing beyond two events has been sent, so these records were not buffered.
            Assert.Equal(2, _fixture.Server.Log.EventsSent(id));
            Assert.Equal(first.Text + second.Text, stream.Result.Text);
            Assert.False(stream.Result.Completed);
        }
        finally
        {
            _fixture.Server.Log.Release(id);
        }

        var rest = await TestServerFixture.ReadAllAsync(stream);
        Assert.NotEmpty(rest);
        Assert.Equal(Answer("hello"), stream.Result.Text);
        Assert.True(stream.Result.Completed);
    }

    [Fact]
    public async Task Diagnostic_log_of_a_real_call_never_contains_the_key()
    {
        var id = _fixture.NewId("log");
        var client = new DashScopeClient(_fixture.Settings("throttle=1,retryafter=0,id=" + id, retries: 2));
        var chat = new ChatClient(client);

        await chat.SendAsync(TestServerFixture.Ask("hi"), CancellationToken.None);
        using (var stream = await chat.StreamAsync(TestServerFixture.Ask("hi"), CancellationToken.None)) await TestServerFixture.ReadAllAsync(stream);
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            new ChatClient(new DashScopeClient(_fixture.Settings("scenario=auth-error-nosse,id=" + id))).SendAsync(TestServerFixture.Ask("x"), CancellationToken.None));

        var lines = new List<string>();
        while (client.Log.TryRead(out var line)) lines.Add(line);

        Assert.Contains(lines, line => line.StartsWith("POST ", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("Retrying", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("HTTP 200", StringComparison.Ordinal));
        Assert.All(lines, line => Assert.DoesNotContain(TestServerFixture.Key, line));
        Assert.All(lines, line => Assert.DoesNotContain("1234567890", line));
        Assert.DoesNotContain(TestServerFixture.Key, error.ToString());
    }

    [Fact]
    public async Task Key_is_refused_over_http_to_another_host_before_anything_is_sent()
    {
        var settings = new ConnectionSettings(new Uri("http://dashscope.example.invalid/api/v1"), ApiKey.FromString(TestServerFixture.Key, "test"));
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<DashScopeException>(() => _fixture.Chat(settings).SendAsync(TestServerFixture.Ask("x"), CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.Configuration, error.Kind);
        Assert.Contains("dashscope.example.invalid", error.Message);
        Assert.DoesNotContain(TestServerFixture.Key, error.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
    }

    /// <summary>An observer that calls back on each event with the events so far.</summary>
    private sealed class CallbackObserver(bool showsAnswer, Action<IReadOnlyList<ChatStreamEvent>> onEvent) : IChatStreamObserver
    {
        private readonly List<ChatStreamEvent> _events = [];

        public bool ShowsAnswer => showsAnswer;

        public List<ChatStreamEvent> Events
        {
            get { lock (_events) return [.. _events]; }
        }

        public Task OnEventAsync(ChatStreamEvent chatEvent)
        {
            List<ChatStreamEvent> snapshot;
            lock (_events)
            {
                _events.Add(chatEvent);
                snapshot = [.. _events];
            }
            onEvent(snapshot);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task SendAsync_hands_each_event_to_the_observer_as_it_arrives()
    {
        var id = _fixture.NewId("observe-live");
        var firstTwo = new TaskCompletionSource<List<string?>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var observer = new CallbackObserver(true, events =>
        {
            if (events.Count == 2) firstTwo.TrySetResult(events.Select(e => e.EventId).ToList());
        });

        var sending = _fixture.Chat("hold=2,id=" + id).SendAsync(TestServerFixture.Ask("hello"), observer, CancellationToken.None);
        try
        {
            var seen = await firstTwo.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(["1", "2"], seen);
            // The server still holds the rest: these two were observed as they arrived, not after the stream ended.
            Assert.Equal(2, _fixture.Server.Log.EventsSent(id));
            Assert.False(sending.IsCompleted);
        }
        finally
        {
            _fixture.Server.Log.Release(id);
        }

        var result = await sending.WaitAsync(TimeSpan.FromSeconds(20));
        var events = observer.Events;
        Assert.Equal(_fixture.Server.Log.EventsSent(id), events.Count);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(n => n.ToString()), events.Select(e => e.EventId));
        Assert.Equal(Answer("hello"), string.Concat(events.Select(e => e.Text)));
        Assert.Equal(result.Text, string.Concat(events.Select(e => e.Text)));
        Assert.Equal("stop", events[^1].FinishReason);
        Assert.True(result.Completed);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Streamed_follows_whether_the_observer_shows_the_answer(bool showsAnswer)
    {
        var id = _fixture.NewId("shows-" + showsAnswer);
        var observer = new TestServerFixture.Observer(showsAnswer);

        var result = await _fixture.Chat("id=" + id).SendAsync(TestServerFixture.Ask("hello"), observer, CancellationToken.None);

        Assert.Equal(showsAnswer, result.Streamed);
        Assert.NotEmpty(observer.Events);
        Assert.Equal(result.Text, string.Concat(observer.Events.Select(e => e.Text)));
        Assert.Equal("enable", Assert.Single(_fixture.Requests(id)).Headers["x-dashscope-sse"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_requests_prompt_is_on_the_result(bool streamed)
    {
        var request = TestServerFixture.Ask("What is PowerShell?") with { Prompt = "input item 3" };

        var result = await _fixture.Chat("id=" + _fixture.NewId("prompt"))
            .SendAsync(request, streamed ? new TestServerFixture.Observer() : null, CancellationToken.None);

        Assert.Equal("input item 3", result.Prompt);
        Assert.Equal(streamed, result.Streamed);
        Assert.Equal(Answer("What is PowerShell?"), result.Text);
    }

    [Theory]
    [InlineData("drop=2", DashScopeErrorKind.Network, true)]
    [InlineData("error=2", DashScopeErrorKind.Service, true)]
    [InlineData("error=2", DashScopeErrorKind.Service, false)]
    public async Task A_broken_streams_partial_result_has_the_prompt_and_what_was_observed(string fault, DashScopeErrorKind kind, bool showsAnswer)
    {
        var id = _fixture.NewId("broken");
        var observer = new TestServerFixture.Observer(showsAnswer);
        var request = TestServerFixture.Ask("用一句话介绍杭州。") with { Prompt = "the prompt" };

        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Chat(fault + ",id=" + id, retries: 2).SendAsync(request, observer, CancellationToken.None));

        Assert.Equal(kind, error.Kind);
        var partial = Assert.IsType<QwenChatResult>(error.PartialResult);
        Assert.Equal("the prompt", partial.Prompt);
        Assert.Equal(showsAnswer, partial.Streamed);
        Assert.False(partial.Completed);
        Assert.Equal(2, observer.Events.Count);
        Assert.Equal(string.Concat(observer.Events.Select(e => e.Text)), partial.Text);
        Assert.NotEmpty(partial.Text);
        Assert.Single(_fixture.Requests(id));
    }

    [Fact]
    public async Task Thinking_given_as_an_additional_parameter_is_streamed_without_an_observer()
    {
        var id = _fixture.NewId("thinking-extra");
        var request = TestServerFixture.Ask("hi") with { AdditionalParameters = new Dictionary<string, object?> { ["enable_thinking"] = true } };

        var result = await _fixture.Chat("id=" + id).SendAsync(request, null, CancellationToken.None);

        Assert.Equal("enable", Assert.Single(_fixture.Requests(id)).Headers["x-dashscope-sse"]);
        Assert.False(result.Streamed);
        Assert.NotNull(result.Reasoning);
        Assert.Equal(Answer("hi"), result.Text);
        Assert.Equal("hi", result.Prompt);
    }

    [Fact]
    public void NeedsStream_for_thinking_and_deep_research_only()
    {
        Assert.False(ChatClient.NeedsStream(TestServerFixture.Ask("x")));
        Assert.False(ChatClient.NeedsStream(TestServerFixture.Ask("x") with { EnableThinking = false }));
        Assert.True(ChatClient.NeedsStream(TestServerFixture.Ask("x") with { EnableThinking = true }));
        Assert.True(ChatClient.NeedsStream(TestServerFixture.Ask("x") with { AdditionalParameters = new Dictionary<string, object?> { ["enable_thinking"] = true } }));
        Assert.False(ChatClient.NeedsStream(TestServerFixture.Ask("x") with { AdditionalParameters = new Dictionary<string, object?> { ["enable_thinking"] = false } }));
        Assert.True(ChatClient.NeedsStream(TestServerFixture.Ask("x", "qwen-deep-research")));
    }

    [Fact]
    public async Task Empty_conversation_fails_before_sending()
    {
        var id = _fixture.NewId("empty");
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Chat("id=" + id).SendAsync(new ChatRequest(), CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.InvalidInput, error.Kind);
        Assert.Empty(_fixture.Requests(id));
    }
}
