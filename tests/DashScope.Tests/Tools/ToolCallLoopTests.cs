using System.Collections;
using System.Text;
using System.Text.Json;
using DashScope.Client;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Streaming;
using DashScope.Tests.Client;
using DashScope.Tools;
using Xunit;

namespace DashScope.Tests.Tools;

/// <summary>
/// The tool-call loop against the loopback server: toolcall=NAME makes the model call tools, and it answers
/// "Tool results received: ..." once the last message is a tool result (toolrounds=N asks for N rounds of calls).
/// </summary>
public class ToolCallLoopTests : IClassFixture<TestServerFixture>
{
    private const string Question = "What is the weather in Hangzhou?";
    private readonly TestServerFixture _fixture;

    public ToolCallLoopTests(TestServerFixture fixture)
    {
        _fixture = fixture;
    }

    /// <summary>A tool the host can run, shown in command lines under another name (as a PowerShell command would be).</summary>
    private sealed class RunnableTool(string commandName) : ToolDefinition
    {
        public override bool CanRun => true;

        public override string CommandName => commandName;
    }

    /// <summary>Decides with <see cref="Decision"/>, "runs" a call by describing its arguments, and keeps everything it was told.</summary>
    private sealed class FakeHost : IToolHost
    {
        public Func<ToolDefinition, QwenToolRun, ToolCallDecision> Decision { get; init; } = (_, _) => ToolCallDecision.Run;

        public List<string> Decided { get; } = [];

        public List<(string Tool, Hashtable Arguments)> Ran { get; } = [];

        public List<string> Warnings { get; } = [];

        public List<string> VerboseLines { get; } = [];

        public Task<ToolCallDecision> DecideAsync(ToolDefinition tool, QwenToolRun run, CancellationToken cancellationToken)
        {
            Decided.Add(run.CommandLine!);
            return Task.FromResult(Decision(tool, run));
        }

        public Task RunAsync(ToolDefinition tool, IDictionary arguments, QwenToolRun run, CancellationToken cancellationToken)
        {
            Ran.Add((tool.Name, new Hashtable(arguments)));
            run.Status = "Ran";
            run.Output = Output(tool.Name, arguments);
            run.Objects.Add(arguments.Count);
            return Task.CompletedTask;
        }

        public void Verbose(string text) => VerboseLines.Add(text);

        public void Warning(string text) => Warnings.Add(text);

        public static string Output(string tool, IDictionary arguments) =>
            tool + ": " + string.Join(", ", arguments.Keys.Cast<string>().OrderBy(k => k, StringComparer.Ordinal).Select(k => k + "=" + arguments[k]));
    }

    private static ToolDefinition Weather(bool runnable = true) => Define(runnable ? new RunnableTool("Get-Weather") : new ToolDefinition(),
        "get_weather", ["City", "Days"], ["City"], new() { ["City"] = "string", ["Days"] = "integer" });

    private static ToolDefinition Clock() => Define(new RunnableTool("Get-Time"), "get_time", ["Zone"], [], new() { ["Zone"] = "string" });

    private static ToolDefinition Define(ToolDefinition tool, string name, List<string> allowed, List<object?> required, Dictionary<string, string> types)
    {
        tool.Name = name;
        tool.Description = "Test tool " + name;
        tool.Parameters = new Dictionary<string, object?>
        {
            ["type"] = "object",
            ["properties"] = types.ToDictionary(pair => pair.Key, pair => (object?)new Dictionary<string, object?> { ["type"] = pair.Value }),
            ["required"] = required,
        };
        tool.AllowedParameters = allowed;
        return tool;
    }

    private static ChatRequest Ask(params ToolDefinition[] tools) => TestServerFixture.Ask(Question) with { Tools = tools };

    /// <summary>toolargs=...: the arguments of the simulated calls, base64url-encoded JSON.</summary>
    private static string Args(string json) =>
        "toolargs=" + Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private (ChatClient Chat, string Id) Server(string hint, string options)
    {
        var id = _fixture.NewId(hint);
        return (_fixture.Chat(options + ",id=" + id), id);
    }

    private static JsonElement[] SentMessages(string body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("input").GetProperty("messages").EnumerateArray().Select(m => m.Clone()).ToArray();
    }

    private static string Role(JsonElement message) => message.GetProperty("role").GetString()!;

    private static string Content(JsonElement message) => message.GetProperty("content").GetString()!;

    private static string[] CallIds(JsonElement assistant) =>
        assistant.GetProperty("tool_calls").EnumerateArray().Select(call => call.GetProperty("id").GetString()!).ToArray();

    [Fact]
    public async Task Calls_run_and_their_outputs_go_back_as_tool_messages()
    {
        var (chat, id) = Server("run", "toolcall=get_weather+get_time," + Args("[{\"City\":\"Hangzhou\",\"Days\":3},{\"Zone\":\"Asia/Shanghai\"}]"));
        var host = new FakeHost();

        var result = await new ToolCallLoop(chat, [Weather(), Clock()], host).RunAsync(Ask(Weather(), Clock()), null, null, CancellationToken.None);

        var weatherOutput = "get_weather: City=Hangzhou, Days=3";
        var clockOutput = "get_time: Zone=Asia/Shanghai";
        Assert.Equal(["Get-Weather -City 'Hangzhou' -Days 3", "Get-Time -Zone 'Asia/Shanghai'"], host.Decided);
        Assert.Equal(2, host.Ran.Count);
        Assert.Equal("Hangzhou", host.Ran[0].Arguments["City"]);
        Assert.Equal(3, host.Ran[0].Arguments["Days"]);

        var sent = _fixture.Requests(id);
        Assert.Equal(2, sent.Count);
        var messages = SentMessages(sent[1].Body);
        Assert.Equal(["user", "assistant", "tool", "tool"], messages.Select(Role));
        var callIds = CallIds(messages[1]);
        Assert.Equal(2, callIds.Length);
        Assert.Equal(callIds[0], messages[2].GetProperty("tool_call_id").GetString());
        Assert.Equal(weatherOutput, Content(messages[2]));
        Assert.Equal(callIds[1], messages[3].GetProperty("tool_call_id").GetString());
        Assert.Equal(clockOutput, Content(messages[3]));

        Assert.Equal("Tool results received: " + weatherOutput + " | " + clockOutput, result.Text);
        Assert.Equal("stop", result.FinishReason);
        Assert.False(ToolCallLoop.HasPendingToolCalls(result));
        Assert.Equal(["user", "assistant", "tool", "tool", "assistant"], result.History.Select(m => m.Role));

        Assert.Equal(2, result.ToolRuns.Count);
        Assert.All(result.ToolRuns, run => Assert.Equal(1, run.Round));
        Assert.All(result.ToolRuns, run => Assert.Equal("Ran", run.Status));
        Assert.Equal(callIds, result.ToolRuns.Select(run => run.CallId));
        Assert.Equal(["get_weather", "get_time"], result.ToolRuns.Select(run => run.Name));
        Assert.Equal(["Get-Weather -City 'Hangzhou' -Days 3", "Get-Time -Zone 'Asia/Shanghai'"], result.ToolRuns.Select(run => run.CommandLine));
        Assert.Equal([weatherOutput, clockOutput], result.ToolRuns.Select(run => run.Output));
        Assert.Equal("{\"City\":\"Hangzhou\",\"Days\":3}", result.ToolRuns[0].Arguments);
        Assert.Equal(2, Assert.Single(result.ToolRuns[0].Objects));
        Assert.Empty(host.Warnings);
    }

    [Fact]
    public async Task Each_answer_streams_to_the_observer()
    {
        var (chat, id) = Server("observed", "toolcall=get_weather," + Args("{\"City\":\"Hangzhou\"}"));
        var observer = new TestServerFixture.Observer();

        var result = await new ToolCallLoop(chat, [Weather()], new FakeHost()).RunAsync(Ask(Weather()), null, observer, CancellationToken.None);

        Assert.Equal(2, _fixture.Requests(id).Count);
        Assert.All(_fixture.Requests(id), request => Assert.Equal("enable", request.Headers["x-dashscope-sse"]));
        var finals = observer.Events.Where(e => e.Content.HasFlag(ChatEventContent.Final)).Select(e => e.FinishReason).ToList();
        Assert.Equal(["tool_calls", "stop"], finals);
        Assert.Contains(observer.Events, e => e.Content.HasFlag(ChatEventContent.ToolCall));
        Assert.Equal(result.Text, string.Concat(observer.Events.SkipWhile(e => e.FinishReason == null).Skip(1).Select(e => e.Text)));
        Assert.True(result.Streamed);
    }

    [Fact]
    public async Task An_unknown_tool_is_refused_with_a_warning_and_the_model_is_told()
    {
        var (chat, id) = Server("unknown", "toolcall=get_weather+remove_everything," + Args("[{\"City\":\"Hangzhou\"},{\"Path\":\"/\"}]"));
        var host = new FakeHost();

        var result = await new ToolCallLoop(chat, [Weather(), Clock()], host).RunAsync(Ask(Weather(), Clock()), null, null, CancellationToken.None);

        Assert.Equal(["Get-Weather -City 'Hangzhou'"], host.Decided);
        Assert.Equal("get_weather", Assert.Single(host.Ran).Tool);
        Assert.Contains("'remove_everything'", Assert.Single(host.Warnings));

        var refused = result.ToolRuns[1];
        Assert.Equal("Refused", refused.Status);
        Assert.Equal("remove_everything", refused.Name);
        Assert.Null(refused.CommandLine);
        Assert.Equal("Error: there is no tool named 'remove_everything'. Only these tools exist: get_weather, get_time.", refused.Output);

        var messages = SentMessages(_fixture.Requests(id)[1].Body);
        Assert.Equal(CallIds(messages[1])[1], messages[3].GetProperty("tool_call_id").GetString());
        Assert.Equal(refused.Output, Content(messages[3]));
        Assert.Equal("get_weather: City=Hangzhou", Content(messages[2]));
    }

    [Theory]
    [InlineData("{\"City\":\"Hangzhou\",\"Path\":\"/etc/passwd\"}", "The tool 'get_weather' has no parameter 'Path'. Its parameters: City, Days.")]
    [InlineData("{\"Days\":3}", "Missing required parameter(s): City.")]
    [InlineData("\"Hangzhou\"", "The arguments must be a JSON object, not String.")]
    public async Task Arguments_outside_the_schema_are_rejected_without_asking_the_host(string arguments, string error)
    {
        var (chat, id) = Server("schema", "toolcall=get_weather," + Args(arguments));
        var host = new FakeHost();

        var result = await new ToolCallLoop(chat, [Weather()], host).RunAsync(Ask(Weather()), null, null, CancellationToken.None);

        Assert.Empty(host.Decided);
        Assert.Empty(host.Ran);
        var run = Assert.Single(result.ToolRuns);
        Assert.Equal("Failed", run.Status);
        Assert.Equal("Error: " + error, run.Output);
        Assert.Equal("Get-Weather " + arguments, run.CommandLine);
        Assert.Contains(host.VerboseLines, line => line.Contains(error, StringComparison.Ordinal));

        var messages = SentMessages(_fixture.Requests(id)[1].Body);
        Assert.Equal("tool", Role(messages[^1]));
        Assert.Equal(run.Output, Content(messages[^1]));
        Assert.Equal("Tool results received: " + run.Output, result.Text);
    }

    [Fact]
    public async Task A_pending_result_starts_by_running_its_calls_without_sending_first()
    {
        // The first answer, from another request group: the model asks for get_weather.
        var first = await _fixture.Chat("toolcall=get_weather," + Args("{\"City\":\"Hangzhou\"}") + ",id=" + _fixture.NewId("first"))
            .SendAsync(Ask(Weather()), CancellationToken.None);
        Assert.True(ToolCallLoop.HasPendingToolCalls(first));

        var (chat, id) = Server("pending", "toolcall=get_weather");
        var host = new FakeHost();
        var result = await new ToolCallLoop(chat, [Weather()], host).RunAsync(Ask(Weather()), first, null, CancellationToken.None);

        var sent = Assert.Single(_fixture.Requests(id));
        var messages = SentMessages(sent.Body);
        Assert.Equal(["user", "assistant", "tool"], messages.Select(Role));
        Assert.Equal(first.ToolCalls[0].Id, messages[2].GetProperty("tool_call_id").GetString());
        Assert.Equal(["Get-Weather -City 'Hangzhou'"], host.Decided);
        Assert.Equal("Tool results received: get_weather: City=Hangzhou", result.Text);
        Assert.Equal(Question, result.Prompt);
    }

    [Fact]
    public async Task A_pending_result_stopped_at_once_sends_nothing_and_carries_the_prompt()
    {
        var call = new QwenToolCall { Id = "call_1", Name = "get_weather", Arguments = "{\"City\":\"Hangzhou\"}" };
        var pending = new QwenChatResult
        {
            Model = "qwen-plus",
            ToolCalls = [call],
            History = [new QwenChatMessage("user", Question), new QwenChatMessage("assistant", "") { ToolCalls = [call] }],
        };
        var (chat, id) = Server("pending-stop", "toolcall=get_weather");
        var host = new FakeHost { Decision = (_, _) => ToolCallDecision.Stop };

        var result = await new ToolCallLoop(chat, [Weather()], host).RunAsync(Ask(Weather()), pending, null, CancellationToken.None);

        Assert.Empty(_fixture.Requests(id));
        Assert.Same(pending, result);
        Assert.Equal(Question, result.Prompt);
        Assert.Equal(["Get-Weather -City 'Hangzhou'"], host.Decided);
        Assert.True(ToolCallLoop.HasPendingToolCalls(result));
    }

    [Fact]
    public async Task Invalid_json_arguments_are_rejected_without_asking_the_host()
    {
        var call = new QwenToolCall { Id = "call_broken", Name = "get_weather", Arguments = "{\"City\": \"Hang" };
        var pending = new QwenChatResult
        {
            Model = "qwen-plus",
            FinishReason = "tool_calls",
            ToolCalls = [call],
            History = [new QwenChatMessage("user", Question), new QwenChatMessage("assistant", "") { ToolCalls = [call] }],
        };
        var (chat, id) = Server("badjson", "toolcall=get_weather");
        var host = new FakeHost();

        var result = await new ToolCallLoop(chat, [Weather()], host).RunAsync(Ask(Weather()), pending, null, CancellationToken.None);

        Assert.Empty(host.Decided);
        Assert.Empty(host.Ran);
        var run = Assert.Single(result.ToolRuns);
        Assert.Equal("Failed", run.Status);
        Assert.StartsWith("Error: The arguments are not valid JSON (", run.Output);
        Assert.Equal("Get-Weather {\"City\": \"Hang", run.CommandLine);
        var messages = SentMessages(Assert.Single(_fixture.Requests(id)).Body);
        Assert.Equal("call_broken", messages[2].GetProperty("tool_call_id").GetString());
        Assert.Equal(run.Output, Content(messages[2]));
    }

    [Fact]
    public async Task Declined_calls_do_not_run_and_the_model_is_told()
    {
        var (chat, id) = Server("declined", "toolcall=get_weather," + Args("{\"City\":\"Hangzhou\",\"Days\":2}"));
        var host = new FakeHost { Decision = (_, _) => ToolCallDecision.Declined };

        var result = await new ToolCallLoop(chat, [Weather()], host).RunAsync(Ask(Weather()), null, null, CancellationToken.None);

        Assert.Empty(host.Ran);
        var run = Assert.Single(result.ToolRuns);
        Assert.Equal("Declined", run.Status);
        Assert.Equal("The user declined to run Get-Weather -City 'Hangzhou' -Days 2. Do not call it again; answer without it or ask the user.", run.Output);
        var messages = SentMessages(_fixture.Requests(id)[1].Body);
        Assert.Equal(run.Output, Content(messages[2]));
        Assert.False(ToolCallLoop.HasPendingToolCalls(result));
    }

    [Fact]
    public async Task WhatIf_asks_about_every_call_runs_none_and_returns_them_pending()
    {
        var (chat, id) = Server("whatif", "toolcall=get_weather+get_time," + Args("[{\"City\":\"Hangzhou\"},{\"Zone\":\"UTC\"}]"));
        var host = new FakeHost { Decision = (_, _) => ToolCallDecision.WhatIf };

        var result = await new ToolCallLoop(chat, [Weather(), Clock()], host).RunAsync(Ask(Weather(), Clock()), null, null, CancellationToken.None);

        Assert.Single(_fixture.Requests(id));
        Assert.Equal(["Get-Weather -City 'Hangzhou'", "Get-Time -Zone 'UTC'"], host.Decided);
        Assert.Empty(host.Ran);
        Assert.True(ToolCallLoop.HasPendingToolCalls(result));
        Assert.Equal("tool_calls", result.FinishReason);
        Assert.Equal(["WhatIf", "WhatIf"], result.ToolRuns.Select(run => run.Status));
        Assert.Equal(host.Decided, result.ToolRuns.Select(run => run.CommandLine));
        Assert.Equal(Question, result.Prompt);
    }

    [Fact]
    public async Task Stop_ends_the_loop_at_once_and_returns_the_calls_pending()
    {
        var (chat, id) = Server("stop", "toolcall=get_weather+get_time," + Args("[{\"City\":\"Hangzhou\"},{\"Zone\":\"UTC\"}]"));
        var host = new FakeHost { Decision = (_, _) => ToolCallDecision.Stop };

        var result = await new ToolCallLoop(chat, [Weather(), Clock()], host).RunAsync(Ask(Weather(), Clock()), null, null, CancellationToken.None);

        Assert.Single(_fixture.Requests(id));
        Assert.Equal(["Get-Weather -City 'Hangzhou'"], host.Decided);
        Assert.Empty(host.Ran);
        Assert.True(ToolCallLoop.HasPendingToolCalls(result));
        Assert.Equal(2, result.ToolCalls.Count);
        Assert.Equal(Question, result.Prompt);
    }

    [Fact]
    public async Task Schema_only_tools_return_the_calls_without_running_any()
    {
        // One runnable tool and one schema-only tool in the same answer: nothing runs, the caller answers.
        var lookup = Define(new ToolDefinition(), "lookup", ["Key"], [], new() { ["Key"] = "string" });
        var (chat, id) = Server("schema-only", "toolcall=get_weather+lookup," + Args("[{\"City\":\"Hangzhou\"},{\"Key\":\"k\"}]"));
        var host = new FakeHost();

        var result = await new ToolCallLoop(chat, [Weather(), lookup], host).RunAsync(Ask(Weather(), lookup), null, null, CancellationToken.None);

        Assert.Single(_fixture.Requests(id));
        Assert.Empty(host.Decided);
        Assert.Empty(host.Ran);
        Assert.Empty(result.ToolRuns);
        Assert.True(ToolCallLoop.HasPendingToolCalls(result));
        Assert.Equal(["get_weather", "lookup"], result.ToolCalls.Select(call => call.Name));
        Assert.Contains("lookup", Assert.Single(host.VerboseLines));
        Assert.DoesNotContain("get_weather", host.VerboseLines[0]);
    }

    [Fact]
    public async Task Rounds_are_counted_until_the_model_answers()
    {
        var (chat, id) = Server("rounds", "toolcall=get_weather,toolrounds=2," + Args("{\"City\":\"Hangzhou\"}"));
        var host = new FakeHost();

        var result = await new ToolCallLoop(chat, [Weather()], host).RunAsync(Ask(Weather()), null, null, CancellationToken.None);

        var sent = _fixture.Requests(id);
        Assert.Equal(3, sent.Count);
        Assert.Equal(["user", "assistant", "tool", "assistant", "tool"], SentMessages(sent[2].Body).Select(Role));
        Assert.Equal([1, 2], result.ToolRuns.Select(run => run.Round));
        Assert.Equal("stop", result.FinishReason);
        Assert.Empty(host.Warnings);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    public async Task MaximumRounds_stops_with_a_warning_and_returns_the_pending_calls(int maximumRounds, int requests)
    {
        var (chat, id) = Server("max-rounds", "toolcall=get_weather,toolrounds=5," + Args("{\"City\":\"Hangzhou\"}"));
        var host = new FakeHost();

        var result = await new ToolCallLoop(chat, [Weather()], host) { MaximumRounds = maximumRounds }
            .RunAsync(Ask(Weather()), null, null, CancellationToken.None);

        Assert.Equal(requests, _fixture.Requests(id).Count);
        Assert.Equal(maximumRounds, host.Ran.Count);
        Assert.All(result.ToolRuns, run => Assert.Equal(1, run.Round));
        Assert.Equal(maximumRounds, result.ToolRuns.Count);
        Assert.True(ToolCallLoop.HasPendingToolCalls(result));
        Assert.Contains("after " + maximumRounds + " rounds", Assert.Single(host.Warnings));
    }

    [Fact]
    public async Task The_callers_request_is_never_changed()
    {
        var (chat, _) = Server("immutable", "toolcall=get_weather,toolrounds=2," + Args("{\"City\":\"Hangzhou\"}"));
        var request = Ask(Weather()) with { Messages = [new QwenChatMessage("system", "Be brief."), new QwenChatMessage("user", Question)] };
        var messages = request.Messages;
        var before = messages.Select(m => (m.Role, m.Content, m.ToolCalls, m.ToolCallId)).ToList();
        var copy = request with { };

        var result = await new ToolCallLoop(chat, [Weather()], new FakeHost()).RunAsync(request, null, null, CancellationToken.None);

        Assert.Equal(7, result.History.Count);
        Assert.Same(messages, request.Messages);
        Assert.Equal(before, request.Messages.Select(m => (m.Role, m.Content, m.ToolCalls, m.ToolCallId)));
        Assert.Equal(copy, request);
    }

    [Fact]
    public void HasPendingToolCalls_needs_calls_on_the_last_assistant_message()
    {
        var call = new QwenToolCall { Id = "c1", Name = "get_weather", Arguments = "{}" };
        var asking = new QwenChatMessage("assistant", "") { ToolCalls = [call] };
        var answered = new QwenChatMessage("tool", "sunny") { ToolCallId = "c1" };

        Assert.True(ToolCallLoop.HasPendingToolCalls(new QwenChatResult { ToolCalls = [call], History = [asking] }));
        Assert.False(ToolCallLoop.HasPendingToolCalls(new QwenChatResult { ToolCalls = [call], History = [asking, answered] }));
        Assert.False(ToolCallLoop.HasPendingToolCalls(new QwenChatResult { ToolCalls = [call] }));
        Assert.False(ToolCallLoop.HasPendingToolCalls(new QwenChatResult { History = [new QwenChatMessage("assistant", "done")] }));
    }
}
