using System.Text;
using System.Text.Json;
using DashScope.Requests;
using DashScope.Tests.Client;
using DashScope.TestServer;
using Xunit;
using static DashScope.Tests.TestJson;

namespace DashScope.Tests.Requests;

/// <summary>Rerank: the documented body (no recording exists), results best first, documents kept.</summary>
public class RerankTests : IClassFixture<TestServerFixture>
{
    private const string Instruct = "Given a web search query, retrieve relevant passages that answer the query.";
    private static readonly string[] Documents = ["文本排序模型广泛用于搜索引擎和推荐系统中", "量子计算是计算科学的一个前沿领域", "预训练语言模型的发展给文本排序模型带来了新的进展"];

    private readonly TestServerFixture _fixture;

    public RerankTests(TestServerFixture fixture)
    {
        _fixture = fixture;
    }

    private static RerankRequest Request(int? topN = 2, bool? returnDocuments = true) => new()
    {
        Query = "什么是文本排序模型",
        Documents = Documents,
        TopN = topN,
        ReturnDocuments = returnDocuments,
        Instruct = Instruct,
    };

    [Fact]
    public void Body_matches_the_documented_request()
    {
        // protocol-services §3.1, from the official Python and Java SDKs.
        var expected = new
        {
            model = "gte-rerank-v2",
            input = new { query = "什么是文本排序模型", documents = Documents },
            parameters = new { top_n = 2, return_documents = true, instruct = Instruct },
        };
        JsonAssert.Equal(Parse(JsonSerializer.Serialize(expected)), Parse(Encoding.UTF8.GetString(Request().BuildBody()!)));
    }

    [Fact]
    public async Task Results_arrive_best_first_with_their_documents()
    {
        var id = _fixture.NewId("rerank");
        var result = await _fixture.Client("id=" + id).SendAsync(Request(), CancellationToken.None);

        var logged = Assert.Single(_fixture.Requests(id));
        Assert.Equal("/api/v1/services/rerank/text-rerank/text-rerank", logged.Path);
        Assert.Contains("什么是文本排序模型", logged.Body);
        Assert.Equal(2, result.Results.Count);
        Assert.Equal([0, 2], result.Results.Select(r => r.Index));
        Assert.Equal(ServiceSimulator.Score("什么是文本排序模型", Documents[0]), result.Results[0].RelevanceScore);
        Assert.True(result.Results[0].RelevanceScore >= result.Results[1].RelevanceScore);
        Assert.Equal([Documents[0], Documents[2]], result.Results.Select(r => r.Document));
        Assert.Equal("什么是文本排序模型", result.Query);
        Assert.True(result.Usage!.TotalTokens > 0);
        Assert.True(Guid.TryParse(result.RequestId, out _));
    }

    [Fact]
    public async Task Documents_not_sent_back_are_taken_from_the_request()
    {
        var id = _fixture.NewId("rerank-nodocs");
        var result = await _fixture.Client("id=" + id).SendAsync(Request(topN: null, returnDocuments: null), CancellationToken.None);

        var parameters = Parse(Assert.Single(_fixture.Requests(id)).Body).GetProperty("parameters");
        Assert.Equal(["instruct"], parameters.EnumerateObject().Select(p => p.Name));
        Assert.Equal(3, result.Results.Count);
        foreach (var item in result.Results) Assert.Equal(Documents[item.Index], item.Document);
    }

    [Fact]
    public void A_document_sent_as_a_bare_string_is_read_too()
    {
        var request = Request();
        var result = request.Decode(Parse("""{"output":{"results":[{"index":1,"relevance_score":0.5,"document":"自己的文本"},{"index":0,"relevance_score":0.25}]}}"""), null);

        Assert.Equal("自己的文本", result.Results[0].Document);
        Assert.Equal(Documents[0], result.Results[1].Document);
        Assert.Equal(0.25, result.Results[1].RelevanceScore);
        Assert.Null(result.Usage);
    }

    [Fact]
    public async Task A_request_without_documents_is_refused_before_anything_is_sent()
    {
        var id = _fixture.NewId("rerank-empty");
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Client("id=" + id).SendAsync(new RerankRequest { Query = "q" }, CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.InvalidInput, error.Kind);
        Assert.Empty(_fixture.Requests(id));
    }
}
