using System.Text.Json;
using DashScope.Catalog;
using DashScope.Client;
using DashScope.Requests;
using DashScope.TestServer;
using Xunit;

namespace DashScope.Tests.Client;

/// <summary>One text the service refuses costs the other texts of its call nothing: it is found, and they are sent again.</summary>
public class EmbeddingClientTests : IClassFixture<TestServerFixture>
{
    private readonly TestServerFixture _fixture;

    public EmbeddingClientTests(TestServerFixture fixture)
    {
        _fixture = fixture;
    }

    private static string[] TextsSent(LoggedRequest request)
    {
        using var body = JsonDocument.Parse(request.Body);
        return body.RootElement.GetProperty("input").GetProperty("texts").EnumerateArray().Select(t => t.GetString()!).ToArray();
    }

    /// <summary>Over the simulated 8,192-token limit: 9,000 one-word tokens.</summary>
    private static readonly string TooLong = string.Join(" ", Enumerable.Repeat("word", 9000));

    [Fact]
    public async Task Texts_that_surely_fit_go_in_one_call()
    {
        var id = _fixture.NewId("embedder-one-call");
        string[] texts = ["代码改变世界", "second", "third"];
        var outcomes = await new EmbeddingClient(_fixture.Client("id=" + id)).EmbedAsync(new EmbeddingRequest { Texts = texts, Dimension = 64 }, CancellationToken.None);

        Assert.Equal(texts, TextsSent(Assert.Single(_fixture.Requests(id))));
        Assert.Equal(3, outcomes.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            var embedding = outcomes[i].Embedding!;
            Assert.Null(outcomes[i].Error);
            Assert.Equal(texts[i], embedding.Text);
            Assert.Equal((float)ServiceSimulator.Vector(texts[i], 64)[0], embedding.Embedding[0], 1e-6f);
            Assert.Equal("text-embedding-v4", embedding.Model);
            Assert.NotNull(embedding.RequestId);
        }
    }

    [Fact]
    public async Task A_text_that_may_be_too_long_goes_alone_and_only_it_fails()
    {
        var id = _fixture.NewId("embedder-alone");
        string[] texts = ["first", TooLong, "third"];
        var outcomes = await new EmbeddingClient(_fixture.Client("id=" + id)).EmbedAsync(new EmbeddingRequest { Texts = texts }, CancellationToken.None);

        var sent = _fixture.Requests(id).Select(TextsSent).ToList();
        Assert.Equal(2, sent.Count);
        Assert.Equal(["first", "third"], sent[0]);
        Assert.Equal([TooLong], sent[1]);
        Assert.Equal("first", outcomes[0].Embedding!.Text);
        Assert.Equal("third", outcomes[2].Embedding!.Text);
        var error = outcomes[1].Error!;
        Assert.Null(outcomes[1].Embedding);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("InternalError.Algo.InvalidParameter", error.Code);
        Assert.Contains("\"word word word", error.Message);
        Assert.Contains("44,999 characters", error.Message);
        Assert.Contains("at most 8,192 tokens per text", error.Message);
    }

    [Fact]
    public async Task A_call_refused_for_its_input_is_sent_again_text_by_text()
    {
        // A catalog whose limit is too generous: the estimate lets the long text into the shared call, which the service refuses.
        var catalog = ModelCatalog.Parse("""{"families":[{"family":"e","kind":"embedding","models":["text-embedding-v4"],"batchSize":10,"maxInputTokens":1000000}]}""");
        var id = _fixture.NewId("embedder-fallback");
        string[] texts = ["first", TooLong, "third"];
        var outcomes = await new EmbeddingClient(_fixture.Client("id=" + id), catalog).EmbedAsync(new EmbeddingRequest { Texts = texts }, CancellationToken.None);

        var sent = _fixture.Requests(id).Select(TextsSent).ToList();
        Assert.Equal([texts, ["first"], [TooLong], ["third"]], sent);
        Assert.Equal("first", outcomes[0].Embedding!.Text);
        Assert.Equal("InternalError.Algo.InvalidParameter", outcomes[1].Error!.Code);
        Assert.Equal("third", outcomes[2].Embedding!.Text);
    }

    [Fact]
    public async Task A_failure_of_the_call_itself_is_every_texts_error_and_sent_once()
    {
        var id = _fixture.NewId("embedder-call-fails");
        var outcomes = await new EmbeddingClient(_fixture.Client("id=" + id + ",fail=503:5")).EmbedAsync(new EmbeddingRequest { Texts = ["a", "b"] }, CancellationToken.None);

        Assert.Single(_fixture.Requests(id));
        Assert.All(outcomes, outcome => Assert.Equal(503, outcome.Error!.StatusCode));
        Assert.Same(outcomes[0].Error, outcomes[1].Error);
    }

    [Fact]
    public async Task Cancelling_throws()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new EmbeddingClient(_fixture.Client("latency=5000,id=" + _fixture.NewId("embedder-cancel"))).EmbedAsync(new EmbeddingRequest { Texts = ["a"] }, cancel.Token));
    }
}
