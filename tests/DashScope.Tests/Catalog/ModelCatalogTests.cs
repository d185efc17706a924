using DashScope.Catalog;
using DashScope.Client;
using DashScope.Requests;
using DashScope.Tests.Client;
using Xunit;

namespace DashScope.Tests.Catalog;

public class ModelCatalogTests : IClassFixture<TestServerFixture>
{
    private readonly TestServerFixture _fixture;

    public ModelCatalogTests(TestServerFixture fixture)
    {
        _fixture = fixture;
    }

    [Theory]
    [InlineData("qwen-plus", "qwen-commercial", ModelEndpoint.Text)]
    [InlineData("QWEN-PLUS-2025-09-11", "qwen-commercial", ModelEndpoint.Text)]
    [InlineData("qwen3.7-ultra", "qwen3.5", ModelEndpoint.Multimodal)]
    [InlineData("qwen3-vl-32b-instruct", "qwen3-vl", ModelEndpoint.Multimodal)]
    [InlineData("qwen3.5-omni-plus", "qwen-omni", ModelEndpoint.Multimodal)]
    [InlineData("qwen3-omni-30b-a3b-captioner", "qwen-omni-captioner", ModelEndpoint.Multimodal)]
    [InlineData("qwen-vl-ocr-2099-01-01", "qwen-vl-ocr", ModelEndpoint.Multimodal)]
    [InlineData("qwen3-asr-flash-realtime", "qwen3-asr", ModelEndpoint.Multimodal)]
    [InlineData("qwen-mt-turbo", "qwen-mt", ModelEndpoint.Text)]
    [InlineData("text-embedding-v4", "text-embedding", ModelEndpoint.Embedding)]
    [InlineData("wan2.5-t2i-preview", "wan-image", ModelEndpoint.Task)]
    [InlineData("my-fine-tuned-model", "other", ModelEndpoint.Text)]
    public void Finds_the_family_of_listed_and_unlisted_names(string model, string family, ModelEndpoint endpoint)
    {
        var found = ModelCatalog.Default.Find(model);
        Assert.Equal(family, found.Family);
        Assert.Equal(endpoint, found.Endpoint);
    }

    [Fact]
    public void Every_listed_model_belongs_to_the_family_that_lists_it()
    {
        foreach (var family in ModelCatalog.Default.Families)
        {
            Assert.True(family.Models.Count > 0 || family.Patterns.Count > 0, family.Family + " lists no model and no pattern");
            foreach (var model in family.Models) Assert.Equal(family.Family, ModelCatalog.Default.Find(model).Family);
        }
        Assert.Equal("*", ModelCatalog.Default.Families[^1].Patterns.Single());
    }

    [Fact]
    public void Says_what_families_take_and_give()
    {
        var omni = ModelCatalog.Default.Find("qwen3-omni-flash");
        Assert.Equal(ModelProtocol.Compatible, omni.Protocol);
        Assert.True(omni.StreamOnly);
        Assert.True(omni.Gives("audio"));
        Assert.True(ModelCatalog.Default.Find("qwen-vl-max").Takes("image"));
        Assert.False(ModelCatalog.Default.Find("qwen-plus").Takes("image"));
        Assert.Equal(10, ModelCatalog.Default.Find("text-embedding-v4").BatchSize);
        Assert.Equal(25, ModelCatalog.Default.Find("text-embedding-v2").BatchSize);
        Assert.Equal(ThinkingMode.Always, ModelCatalog.Default.Find("qwq-plus").Thinking);
        Assert.True(ModelCatalog.Default.Find("deepseek-v3.2").ReasoningEffort);
        Assert.Equal("qwen-mt-flash", ModelCatalog.Default.Find("qwen-mt-plus").Defaults["model"]);
        Assert.Contains("qwen3-vl-plus", ModelCatalog.Default.ModelNames("vision"));
        Assert.DoesNotContain("qwen-plus", ModelCatalog.Default.ModelNames("vision"));
    }

    [Fact]
    public void Patterns_take_ranges_and_single_characters()
    {
        var catalog = ModelCatalog.Parse("""
            { "families": [
              { "family": "a", "patterns": ["m[2-4]-?"], "endpoint": "multimodal" },
              { "family": "rest", "patterns": ["*"] } ] }
            """);
        Assert.Equal("a", catalog.Find("m3-x").Family);
        Assert.Equal("rest", catalog.Find("m5-x").Family);
        Assert.Equal("rest", catalog.Find("m3-xy").Family);
        Assert.Equal(ModelEndpoint.Multimodal, catalog.Find("m2-z").Endpoint);
    }

    [Theory]
    [InlineData("qwen3-32b", null, true)]
    [InlineData("qwen3-32b", false, false)]
    [InlineData("qwen3.6-plus", null, true)]
    [InlineData("qwen-plus", null, false)]
    [InlineData("qwen-plus", true, true)]
    [InlineData("qwq-plus", false, true)]
    [InlineData("qwen-deep-research", null, true)]
    public void Streams_when_the_family_thinks_by_default_or_answers_only_streamed(string model, bool? thinking, bool streams)
    {
        Assert.Equal(streams, ChatClient.NeedsStream(TestServerFixture.Ask("hi", model) with { EnableThinking = thinking }));
    }

    [Fact]
    public async Task A_url_error_sends_the_call_once_more_to_the_other_endpoint_and_the_session_remembers()
    {
        var id = _fixture.NewId("url-error");
        var model = "qwen-test-multimodal-only-" + id;
        var log = new List<string>();
        var settings = _fixture.Settings("id=" + id);
        var chat = new ChatClient(new DashScopeClient(settings, new DashScope.Transport.DiagnosticLog(settings.ApiKey)));

        var first = await chat.SendAsync(TestServerFixture.Ask("hi", model), CancellationToken.None);
        var second = await chat.SendAsync(TestServerFixture.Ask("again", model), CancellationToken.None);
        while (chat.Client.Log.TryRead(out var line)) log.Add(line);

        Assert.NotEmpty(first.Text);
        Assert.NotEmpty(second.Text);
        var paths = _fixture.Requests(id).Select(request => request.Path).ToList();
        Assert.Equal(3, paths.Count);
        Assert.EndsWith(ChatRequestBuilder.TextGenerationPath, paths[0]);
        Assert.EndsWith(ChatRequestBuilder.MultimodalGenerationPath, paths[1]);
        Assert.EndsWith(ChatRequestBuilder.MultimodalGenerationPath, paths[2]);
        Assert.Contains(log, line => line.Contains("url error") && line.Contains(model));
        Assert.Equal(ModelEndpoint.Multimodal, ModelCatalog.Default.GenerationEndpoint(model));
    }

    [Fact]
    public async Task A_url_error_for_an_endpoint_the_caller_chose_is_reported_not_retried()
    {
        var id = _fixture.NewId("url-error-explicit");
        var model = "qwen-test-multimodal-only-" + id;
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Chat("id=" + id).SendAsync(TestServerFixture.Ask("hi", model) with { Endpoint = ModelEndpoint.Text }, CancellationToken.None));
        Assert.Contains("url error", error.ServiceMessage);
        Assert.Single(_fixture.Requests(id));
    }
}
