using System.Text;
using System.Text.Json;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Tests.Client;
using DashScope.TestServer;
using Xunit;
using static DashScope.Tests.TestJson;

namespace DashScope.Tests.Requests;

/// <summary>The tokenizer: the recorded body and answer, prompts and messages against the simulator.</summary>
public class TokenizerTests : IClassFixture<TestServerFixture>
{
    private readonly TestServerFixture _fixture;

    public TokenizerTests(TestServerFixture fixture)
    {
        _fixture = fixture;
    }

    private static TokenizeRequest RecordedRequest() => new()
    {
        Model = "qwen-max",
        Messages = [new QwenChatMessage("user", "代码改变世界")],
        AdditionalParameters = { ["seed"] = 1234 },
    };

    [Fact]
    public async Task Body_the_server_received_matches_the_recording()
    {
        var id = _fixture.NewId("tokenize-body");
        await _fixture.Client("id=" + id).SendAsync(RecordedRequest(), CancellationToken.None);

        var logged = Assert.Single(_fixture.Requests(id));
        Assert.Equal("/api/v1/tokenizer", logged.Path);
        JsonAssert.Equal(Parse(TestPaths.RequestBody("tokenization-nosse")), Parse(logged.Body));
    }

    [Fact]
    public async Task Recorded_answer_decodes()
    {
        var result = await _fixture.Client("scenario=tokenization-nosse,id=" + _fixture.NewId("tokenize-recorded")).SendAsync(RecordedRequest(), CancellationToken.None);

        Assert.Equal([46100, 101933, 99489], result.TokenIds);
        Assert.Equal(["代码", "改变", "世界"], result.Tokens);
        Assert.Equal(3, result.Count);
        Assert.Equal(3, result.Usage!.InputTokens);
        Assert.Equal("6615ba01-081d-9147-93ff-7bd26f3adf93", result.RequestId);
        Assert.Equal("qwen-max", result.Model);
    }

    [Fact]
    public async Task A_prompt_is_sent_as_input_prompt()
    {
        var id = _fixture.NewId("tokenize-prompt");
        var result = await _fixture.Client("id=" + id).SendAsync(new TokenizeRequest { Prompt = "Hello 世界!" }, CancellationToken.None);

        Assert.Equal("""{"model":"qwen-plus","input":{"prompt":"Hello 世界!"}}""", Assert.Single(_fixture.Requests(id)).Body);
        Assert.Equal(["Hello", "世界", "!"], result.Tokens);
        Assert.Equal(result.Tokens.Select(ServiceSimulator.TokenId), result.TokenIds);
        Assert.Equal(3, result.Count);
    }

    [Fact]
    public void Count_falls_back_to_the_ids_without_usage()
    {
        var result = new TokenizeRequest { Prompt = "x" }.Decode(Parse("""{"output":{"token_ids":[1,2],"tokens":["a","b"]}}"""), null);
        Assert.Equal(2, result.Count);
        Assert.Null(result.Usage);
    }

    [Fact]
    public void Messages_and_a_prompt_together_are_refused()
    {
        var request = new TokenizeRequest { Prompt = "x", Messages = [new QwenChatMessage("user", "y")] };
        Assert.Equal(DashScopeErrorKind.InvalidInput, Assert.Throws<DashScopeException>(request.Validate).Kind);
        Assert.Equal(DashScopeErrorKind.InvalidInput, Assert.Throws<DashScopeException>(new TokenizeRequest().Validate).Kind);
        Assert.Equal(DashScopeErrorKind.InvalidInput, Assert.Throws<DashScopeException>(new TokenizeRequest { Prompt = "x", Model = " " }.Validate).Kind);
    }
}
