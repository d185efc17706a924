using System.Text.Json;
using DashScope.Catalog;
using DashScope.Client;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Tests.Client;
using DashScope.TestServer;
using DashScope.Transport;
using Xunit;

namespace DashScope.Tests.Requests;

/// <summary>The OpenAI-compatible services beside chat: embeddings on {base}/embeddings and the model list of {base}/models.</summary>
public class CompatibleServiceTests : IClassFixture<TestServerFixture>
{
    private readonly TestServerFixture _fixture;

    public CompatibleServiceTests(TestServerFixture fixture)
    {
        _fixture = fixture;
    }

    private DashScopeClient Client(Uri baseUri, ModelProtocol? protocol = null, ApiKey? key = null) =>
        new(new ConnectionSettings(baseUri, key ?? ApiKey.FromString(TestServerFixture.Key, "test"), protocol) { Timeout = TimeSpan.FromSeconds(30) });

    [Fact]
    public async Task A_native_embedding_request_goes_to_the_compatible_endpoint_on_a_compatible_connection()
    {
        var id = _fixture.NewId("compat-embed");
        var request = new EmbeddingRequest { Model = "text-embedding-v4", Texts = ["代码改变世界", "hello"], Dimension = 64 };

        var result = await Client(_fixture.Server.BaseUri("id=" + id), ModelProtocol.Compatible).SendAsync(request, CancellationToken.None);

        Assert.Equal([0, 1], result.Embeddings.Select(e => e.Index));
        Assert.Equal(["代码改变世界", "hello"], result.Embeddings.Select(e => e.Text));
        Assert.Equal(ServiceSimulator.Vector("代码改变世界", 64).Select(v => (float)v), result.Embeddings[0].Embedding);
        Assert.Equal("text-embedding-v4", result.Model);
        Assert.True(result.Usage!.TotalTokens > 0);
        Assert.True(Guid.TryParse(result.RequestId, out _));
        // Each embedding says where it came from, as on the native protocol.
        Assert.All(result.Embeddings, e => Assert.Equal("text-embedding-v4", e.Model));
        Assert.All(result.Embeddings, e => Assert.Same(result.Usage, e.Usage));
        Assert.All(result.Embeddings, e => Assert.Equal(result.RequestId, e.RequestId));

        var logged = Assert.Single(_fixture.Requests(id));
        Assert.Equal("/compatible-mode/v1/embeddings", logged.Path);
        JsonAssert.Equal(JsonDocument.Parse("""{"model":"text-embedding-v4","input":["代码改变世界","hello"],"dimensions":64,"encoding_format":"float"}""").RootElement,
            JsonDocument.Parse(logged.Body).RootElement);
    }

    [Fact]
    public async Task Additional_parameters_go_at_the_top_level_and_override_modelled_members()
    {
        var id = _fixture.NewId("compat-embed-extra");
        var request = new EmbeddingRequest { Texts = ["a"], Dimension = 64, AdditionalParameters = { ["dimensions"] = 128, ["user"] = "ops" } };

        var result = await Client(_fixture.Server.CompatibleBaseUri("id=" + id)).SendAsync(request, CancellationToken.None);

        Assert.Equal(128, result.Embeddings[0].Embedding.Length);
        JsonAssert.Equal(JsonDocument.Parse("""{"model":"text-embedding-v4","input":["a"],"encoding_format":"float","dimensions":128,"user":"ops"}""").RootElement,
            JsonDocument.Parse(Assert.Single(_fixture.Requests(id)).Body).RootElement);
    }

    [Fact]
    public async Task A_refused_text_fails_alone_on_a_compatible_connection_with_the_services_code()
    {
        var id = _fixture.NewId("compat-embed-refused");
        var tooLong = string.Join(" ", Enumerable.Repeat("word", 9000));
        var embedder = new EmbeddingClient(Client(_fixture.Server.OnPremisesBaseUri("id=" + id), key: ApiKey.None));

        var outcomes = await embedder.EmbedAsync(new EmbeddingRequest { Texts = ["first", tooLong, "third"] }, CancellationToken.None);

        Assert.Equal(["first", "third"], new[] { outcomes[0], outcomes[2] }.Select(o => o.Embedding!.Text));
        Assert.All(new[] { outcomes[0], outcomes[2] }, o => Assert.True(o.Embedding!.Usage!.TotalTokens > 0));
        var refused = outcomes[1].Error!;
        Assert.Equal("invalid_parameter_error", refused.Code);
        Assert.Contains("at most 8,192 tokens per text", refused.Message);
        Assert.All(_fixture.Requests(id), r => Assert.Equal("/v1/embeddings", r.Path));
    }

    [Fact]
    public async Task On_a_native_connection_the_native_endpoint_is_kept()
    {
        var id = _fixture.NewId("native-embed");
        await Client(_fixture.Server.BaseUri("id=" + id)).SendAsync(new EmbeddingRequest { Texts = ["a"] }, CancellationToken.None);

        Assert.Equal("/api/v1/services/embeddings/text-embedding/text-embedding", Assert.Single(_fixture.Requests(id)).Path);
    }

    [Fact]
    public async Task Native_only_members_fail_before_anything_is_sent_and_service_errors_keep_their_code()
    {
        var id = _fixture.NewId("compat-embed-fail");
        var client = Client(_fixture.Server.CompatibleBaseUri("id=" + id));

        var invalid = await Assert.ThrowsAsync<DashScopeException>(() => client.SendAsync(new EmbeddingRequest { Texts = ["a"], TextType = "query" }, CancellationToken.None));
        Assert.Equal(DashScopeErrorKind.InvalidInput, invalid.Kind);
        Assert.Contains("text type", invalid.Message);
        Assert.Empty(_fixture.Requests(id));

        var refused = await Assert.ThrowsAsync<DashScopeException>(() =>
            client.SendAsync(new CompatibleEmbeddingRequest { Texts = Enumerable.Range(0, 11).Select(i => "t" + i).ToList() }, CancellationToken.None));
        Assert.Equal(400, refused.StatusCode);
        Assert.Equal("invalid_parameter_error", refused.Code);
    }

    [Fact]
    public async Task Models_are_listed_from_the_server_without_a_key_on_premises()
    {
        var id = _fixture.NewId("models");
        var server = _fixture.Server.OnPremisesBaseUri("models=Qwen/Qwen3-8B+qwen3:8b,id=" + id);

        var models = await Client(server, key: ApiKey.None).SendAsync(new ListModelsRequest(server), CancellationToken.None);

        Assert.Equal(["Qwen/Qwen3-8B", "qwen3:8b"], models.Select(m => m.Name));
        Assert.All(models, m => Assert.Equal("Server", m.Source));
        Assert.All(models, m => Assert.Equal("vllm", m.OwnedBy));
        Assert.All(models, m => Assert.Equal(server, m.Server));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1735689600), models[0].Created);
        var logged = Assert.Single(_fixture.Requests(id));
        Assert.Equal("GET", logged.Method);
        Assert.Equal("/v1/models", logged.Path);
        Assert.False(logged.Headers.ContainsKey("authorization"));
    }

    [Fact]
    public void Catalog_models_carry_their_familys_facts()
    {
        var family = ModelCatalog.Default.Find("qwen3-omni-flash");
        var model = QwenModel.FromCatalog(family, "qwen3-omni-flash");

        Assert.Equal("qwen-omni", model.Family);
        Assert.Equal("omni", model.Kind);
        Assert.Equal(ModelProtocol.Compatible, model.Protocol);
        Assert.True(model.StreamOnly);
        Assert.Contains("audio", model.Output);
    }
}
