using System.Text.Json;
using DashScope.Client;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Streaming;
using DashScope.TestServer;
using Xunit;

namespace DashScope.Tests.Client;

/// <summary>
/// Several choices, log-probabilities, translation and the code interpreter through ChatClient against the loopback
/// server: what goes on the wire, and what comes back whole and streamed.
/// </summary>
public class ChatCapabilitiesTests : IClassFixture<TestServerFixture>
{
    private readonly TestServerFixture _fixture;

    public ChatCapabilitiesTests(TestServerFixture fixture)
    {
        _fixture = fixture;
    }

    private static string Answer(string prompt, string model = "qwen-plus") => ChatSimulator.AnswerFor(model, prompt);

    private JsonElement SentParameters(string id)
    {
        using var body = JsonDocument.Parse(Assert.Single(_fixture.Requests(id)).Body);
        return body.RootElement.GetProperty("parameters").Clone();
    }

    [Fact]
    public async Task Several_choices_come_back_whole_with_the_first_as_the_text()
    {
        var id = _fixture.NewId("choices");
        var result = await _fixture.Chat("id=" + id).SendAsync(TestServerFixture.Ask("hi") with { Choices = 3 }, CancellationToken.None);

        Assert.Equal(3, SentParameters(id).GetProperty("n").GetInt32());
        Assert.Equal([0, 1, 2], result.Choices.Select(choice => choice.Index));
        Assert.Equal(Answer("hi"), result.Choices[0].Text);
        Assert.Equal("(answer 2) " + Answer("hi"), result.Choices[1].Text);
        Assert.Equal("(answer 3) " + Answer("hi"), result.Choices[2].Text);
        Assert.All(result.Choices, choice => Assert.Equal("stop", choice.FinishReason));
        Assert.Equal(result.Choices[0].Text, result.Text);
        var tokens = Enumerable.Range(0, 3).Sum(i => ChatSimulator.Tokenize(result.Choices[i].Text).Count);
        Assert.Equal(tokens, result.Usage!.OutputTokens);
    }

    [Fact]
    public async Task Streamed_choices_carry_their_index_never_mix_and_sum_their_usage()
    {
        var id = _fixture.NewId("choices-stream");
        var observer = new TestServerFixture.Observer();
        var result = await _fixture.Chat("id=" + id).SendAsync(TestServerFixture.Ask("hi") with { Choices = 2 }, observer, CancellationToken.None);

        Assert.Equal(2, SentParameters(id).GetProperty("n").GetInt32());
        var byChoice = observer.Events.GroupBy(e => e.ChoiceIndex).OrderBy(g => g.Key).ToList();
        Assert.Equal([0, 1], byChoice.Select(g => g.Key));
        Assert.Equal(Answer("hi"), string.Concat(byChoice[0].Select(e => e.Text)));
        Assert.Equal("(answer 2) " + Answer("hi"), string.Concat(byChoice[1].Select(e => e.Text)));
        Assert.All(byChoice, events => Assert.Equal("stop", events.Last().FinishReason));
        Assert.Equal([0, 1], observer.Events.Take(2).Select(e => e.ChoiceIndex));
        Assert.Equal(0, observer.Events[0].ToRecord().ChoiceIndex);
        Assert.Equal(1, observer.Events[1].ToRecord().ChoiceIndex);

        Assert.Equal(Answer("hi"), result.Text);
        Assert.Equal(["stop", "stop"], result.Choices.Select(choice => choice.FinishReason));
        var tokens = result.Choices.Sum(choice => ChatSimulator.Tokenize(choice.Text).Count);
        Assert.Equal(tokens, result.Usage!.OutputTokens);
        Assert.Equal(result.Usage.InputTokens + tokens, result.Usage.TotalTokens);
    }

    [Fact]
    public async Task Log_probabilities_are_the_same_whole_and_streamed()
    {
        var id = _fixture.NewId("logprobs");
        var request = TestServerFixture.Ask("hi") with { LogProbabilities = true, TopLogProbabilities = 2 };
        var whole = await _fixture.Chat("id=" + id).SendAsync(request, CancellationToken.None);
        var observer = new TestServerFixture.Observer();
        var streamed = await _fixture.Chat("id=" + id).SendAsync(request, observer, CancellationToken.None);

        foreach (var sent in _fixture.Requests(id))
        {
            using var body = JsonDocument.Parse(sent.Body);
            Assert.True(body.RootElement.GetProperty("parameters").GetProperty("logprobs").GetBoolean());
            Assert.Equal(2, body.RootElement.GetProperty("parameters").GetProperty("top_logprobs").GetInt32());
        }
        foreach (var result in new[] { whole, streamed })
        {
            Assert.Equal(result.Text, string.Concat(result.LogProbabilities.Select(token => token.Token)));
            Assert.All(result.LogProbabilities, token => Assert.Equal(2, token.TopAlternatives.Count));
            Assert.All(result.LogProbabilities, token => Assert.Equal(token.Token, token.TopAlternatives[0].Token));
            Assert.All(result.LogProbabilities, token => Assert.Equal(token.Token, System.Text.Encoding.UTF8.GetString(token.Bytes)));
        }
        Assert.Equal(whole.LogProbabilities.Select(t => (t.Token, t.LogProbability)), streamed.LogProbabilities.Select(t => (t.Token, t.LogProbability)));
        Assert.All(observer.Events.Where(e => e.Text.Length > 0), e => Assert.Equal(e.Text, Assert.Single(e.LogProbabilities!).Token));
    }

    [Fact]
    public async Task Translation_options_go_out_and_the_translation_comes_back()
    {
        var id = _fixture.NewId("translation");
        var request = TestServerFixture.Ask("博客园的理念", "qwen-mt-flash") with
        {
            Translation = new TranslationOptions { TargetLanguage = "English", Terms = [new TranslationTerm("博客园", "cnblogs")] },
        };

        var result = await _fixture.Chat("id=" + id).SendAsync(request, CancellationToken.None);

        var options = SentParameters(id).GetProperty("translation_options");
        Assert.Equal(("auto", "English"), (options.GetProperty("source_lang").GetString(), options.GetProperty("target_lang").GetString()));
        Assert.Equal("[English] cnblogs的理念", result.Text);
        Assert.Equal("stop", result.FinishReason);
    }

    [Fact]
    public async Task Translation_replayed_from_the_recording()
    {
        var result = await _fixture.Chat("scenario=single-generation-message-translation-nosse").SendAsync(
            TestServerFixture.Ask("博客园的理念是代码改变世界", "qwen-mt-plus") with { Translation = new TranslationOptions { TargetLanguage = "English" } },
            CancellationToken.None);

        Assert.Equal("The concept of cnblogs is that coding changes world ", result.Text);
        Assert.Equal("stop", result.FinishReason);
        Assert.Equal("bf86e0f9-a8a2-9b32-be8d-ea3cae47c8ea", result.RequestId);
        Assert.Equal((111, 11, 122), (result.Usage!.InputTokens, result.Usage.OutputTokens, result.Usage.TotalTokens));
    }

    [Fact]
    public async Task The_code_interpreter_streams_with_thinking_and_reports_each_run_once()
    {
        var id = _fixture.NewId("code");
        var request = TestServerFixture.Ask("123的21次方是多少？", "qwen3-max") with { EnableThinking = true, EnableCodeInterpreter = true };
        var observer = new TestServerFixture.Observer(showsAnswer: false);

        var result = await _fixture.Chat("id=" + id).SendAsync(request, observer, CancellationToken.None);

        var sent = Assert.Single(_fixture.Requests(id));
        Assert.Equal("enable", sent.Headers["x-dashscope-sse"]);
        var parameters = SentParameters(id);
        Assert.True(parameters.GetProperty("enable_code_interpreter").GetBoolean());
        Assert.True(parameters.GetProperty("enable_thinking").GetBoolean());
        var reporting = Assert.Single(observer.Events, e => e.CodeRuns != null);
        Assert.True(reporting.Content.HasFlag(ChatEventContent.CodeRun));
        Assert.Equal("123**21", Assert.Single(reporting.ToRecord().CodeRuns!).Code);
        Assert.True(observer.Events.IndexOf(reporting) > 0);
        Assert.Equal("123**21", Assert.Single(result.CodeRuns).Code);
        Assert.Equal(Answer("123的21次方是多少？", "qwen3-max"), result.Text);
    }

    [Fact]
    public async Task The_code_interpreter_replayed_from_the_recording_without_an_observer()
    {
        var request = TestServerFixture.Ask("123的21次方是多少？", "qwen3-max-preview") with { EnableThinking = true, EnableCodeInterpreter = true };

        var result = await _fixture.Chat("scenario=single-generation-message-with-code-interpreter-sse").SendAsync(request, CancellationToken.None);

        Assert.Equal("123**21", Assert.Single(result.CodeRuns).Code);
        Assert.Equal(RecordedStream.ConcatenatedText("single-generation-message-with-code-interpreter-sse"), result.Text);
        Assert.True(result.Usage!.Details.ContainsKey("plugins"));
    }

    [Theory]
    [InlineData("enable_thinking")]
    [InlineData("EnableThinking")]
    [InlineData("enableThinking")]
    public void Thinking_asked_for_in_additional_parameters_however_spelt_streams(string key)
    {
        Assert.True(ChatClient.NeedsStream(TestServerFixture.Ask("x") with { AdditionalParameters = new Dictionary<string, object?> { [key] = true } }));
        Assert.False(ChatClient.NeedsStream(TestServerFixture.Ask("x", "qwen3-32b") with { AdditionalParameters = new Dictionary<string, object?> { [key] = false } }));
    }

    [Fact]
    public async Task Thinking_turned_off_for_a_model_that_thinks_by_default_is_a_whole_answer()
    {
        var id = _fixture.NewId("thinking-off");
        var result = await _fixture.Chat("id=" + id).SendAsync(TestServerFixture.Ask("hi", "qwen3-32b") with { EnableThinking = false }, CancellationToken.None);

        var sent = Assert.Single(_fixture.Requests(id));
        Assert.False(sent.Headers.ContainsKey("x-dashscope-sse"));
        Assert.False(SentParameters(id).GetProperty("enable_thinking").GetBoolean());
        Assert.Null(result.Reasoning);
        Assert.Equal(Answer("hi", "qwen3-32b"), result.Text);
    }

    [Fact]
    public async Task A_whole_json_answer_to_a_streamed_call_is_read_as_one_event()
    {
        // deepseek-v4 thinks in a whole answer too (the recording); the streamed call must not come back empty.
        const string name = "single-generation-message-reasoning-effort-nosse";
        var request = TestServerFixture.Ask("填入数列“1，7，8，57，（ ），3370”空缺处的数字", "deepseek-v4-pro") with { EnableThinking = true, ReasoningEffort = "xhigh" };
        var observer = new TestServerFixture.Observer();

        var result = await _fixture.Chat("scenario=" + name).SendAsync(request, observer, CancellationToken.None);

        using var recorded = JsonDocument.Parse(System.Text.Encoding.UTF8.GetString(TestPaths.ResponseBody(name)).TrimStart('\uFEFF'));
        var message = recorded.RootElement.GetProperty("output").GetProperty("choices")[0].GetProperty("message");
        var single = Assert.Single(observer.Events);
        Assert.Equal(message.GetProperty("content").GetString(), single.Text);
        Assert.Equal(message.GetProperty("content").GetString(), result.Text);
        Assert.Equal(message.GetProperty("reasoning_content").GetString(), result.Reasoning);
        Assert.Contains("121", result.Text);
        Assert.Equal("stop", result.FinishReason);
        Assert.Equal(recorded.RootElement.GetProperty("request_id").GetString(), result.RequestId);
        Assert.True(result.Completed);
    }
}
