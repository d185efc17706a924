using DashScope.Client;
using DashScope.Models;
using DashScope.Requests;
using Xunit;

namespace DashScope.Tests.Client;

public class ApplicationClientTests : IClassFixture<TestServerFixture>
{
    private readonly TestServerFixture _fixture;

    public ApplicationClientTests(TestServerFixture fixture)
    {
        _fixture = fixture;
    }

    private ApplicationClient Applications(string options) => new(new DashScopeClient(_fixture.Settings(options)));

    [Fact]
    public async Task Recorded_answers_decode_with_thoughts_references_session_and_usage()
    {
        var thought = await Applications("scenario=application-single-generation-text-with-thought-nosse,id=" + _fixture.NewId("app-thought"))
            .SendAsync(new ApplicationRequest { AppId = "app", Prompt = "x" }, null, CancellationToken.None);
        Assert.NotEmpty(thought.Text);
        Assert.NotEmpty(thought.Thoughts);
        Assert.Equal("agentRag", thought.Thoughts[0].ActionType);
        Assert.False(string.IsNullOrEmpty(thought.SessionId));
        Assert.NotEmpty(thought.Usage);
        Assert.All(thought.Usage, usage => Assert.True(usage.InputTokens > 0));
        Assert.Equal("stop", thought.FinishReason);

        var memory = await Applications("scenario=application-single-generation-text-with-memory-nosse,id=" + _fixture.NewId("app-memory"))
            .SendAsync(new ApplicationRequest { AppId = "app", Prompt = "x" }, null, CancellationToken.None);
        Assert.Contains(memory.Thoughts, step => step.ActionType == "api" && step.ActionName == "长期记忆检索");

        var workflow = await Applications("scenario=application-workflow-nosse,id=" + _fixture.NewId("app-workflow"))
            .SendAsync(new ApplicationRequest { AppId = "wf", Prompt = "x" }, null, CancellationToken.None);
        Assert.Equal("code", workflow.Text);
        Assert.Equal("5a20b47dac2f43a7b1cbb8924ca66c47", workflow.SessionId);
        Assert.Empty(workflow.Usage);
    }

    [Fact]
    public async Task A_recorded_stream_arrives_record_by_record_and_adds_up_to_the_whole_answer()
    {
        var records = new List<QwenChatStreamRecord>();
        var result = await Applications("scenario=application-single-generation-text-sse,id=" + _fixture.NewId("app-sse"))
            .SendAsync(new ApplicationRequest { AppId = "app", Prompt = "x" }, record =>
            {
                records.Add(record);
                return Task.CompletedTask;
            }, CancellationToken.None);
        Assert.Equal(65, records.Count);
        Assert.Equal(string.Concat(records.Select(record => record.Text)), result.Text);
        Assert.StartsWith("xUnit Test Patterns", result.Text);
        Assert.True(result.Streamed);
        Assert.Equal("069db8223d514dab91185954dc5108de", result.SessionId);
        Assert.NotEmpty(result.DocReferences);
        Assert.Equal("stop", records[^1].FinishReason);
    }

    [Fact]
    public async Task A_session_continues_and_the_server_sees_its_id()
    {
        var id = _fixture.NewId("app-session");
        var applications = Applications("id=" + id);
        var first = await applications.SendAsync(new ApplicationRequest { AppId = "helper", Prompt = "你好" }, null, CancellationToken.None);
        var second = await applications.SendAsync(new ApplicationRequest { AppId = "helper", Prompt = "然后呢", SessionId = first.SessionId }, null, CancellationToken.None);

        Assert.Equal(first.SessionId, second.SessionId);
        Assert.Contains(first.SessionId!, second.Text);
        var bodies = _fixture.Requests(id).Select(request => request.Body).ToList();
        Assert.DoesNotContain("session_id", bodies[0]);
        Assert.Contains("\"session_id\":\"" + first.SessionId + "\"", bodies[1]);
        Assert.Contains("你好", bodies[0]);
    }

    [Fact]
    public async Task An_unknown_application_is_the_service_error_and_a_broken_stream_keeps_what_arrived()
    {
        var missing = await Assert.ThrowsAsync<DashScopeException>(() =>
            Applications("id=" + _fixture.NewId("app-missing")).SendAsync(new ApplicationRequest { AppId = "missing-app", Prompt = "x" }, null, CancellationToken.None));
        Assert.Equal(404, missing.StatusCode);
        Assert.Equal("InvalidApp.NotFound", missing.Code);

        var broken = await Assert.ThrowsAsync<DashScopeException>(() =>
            Applications("error=3,id=" + _fixture.NewId("app-broken")).SendAsync(new ApplicationRequest { AppId = "app", Prompt = "x" }, _ => Task.CompletedTask, CancellationToken.None));
        var partial = Assert.IsType<QwenApplicationResult>(broken.PartialResult);
        Assert.False(partial.Completed);
        Assert.NotEmpty(partial.Text);
    }
}
