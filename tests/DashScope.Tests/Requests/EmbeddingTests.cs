using System.Text.Json;
using DashScope.Client;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Tests.Client;
using DashScope.TestServer;
using Xunit;
using static DashScope.Tests.TestJson;

namespace DashScope.Tests.Requests;

/// <summary>Text embeddings: the body as recorded, the recorded answer decoded, and the simulated service end to end.</summary>
public class EmbeddingTests : IClassFixture<TestServerFixture>
{
    private readonly TestServerFixture _fixture;

    public EmbeddingTests(TestServerFixture fixture)
    {
        _fixture = fixture;
    }

    private static EmbeddingRequest RecordedRequest() => new()
    {
        Model = "text-embedding-v2",
        Texts = ["代码改变世界"],
        TextType = "query",
    };

    [Fact]
    public void Body_matches_the_recorded_request()
    {
        JsonAssert.Equal(Parse(TestPaths.RequestBody("text-embedding-nosse")), Parse(System.Text.Encoding.UTF8.GetString(RecordedRequest().BuildBody()!)));
    }

    [Fact]
    public async Task Body_the_server_received_matches_the_recording_with_raw_cjk()
    {
        var id = _fixture.NewId("embed-body");
        await _fixture.Client("id=" + id).SendAsync(RecordedRequest(), CancellationToken.None);

        var request = Assert.Single(_fixture.Requests(id));
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/v1/services/embeddings/text-embedding/text-embedding", request.Path);
        Assert.Contains("代码改变世界", request.Body);
        Assert.StartsWith("application/json", request.Headers["content-type"]);
        Assert.False(request.Headers.ContainsKey("x-dashscope-async"));
        JsonAssert.Equal(Parse(TestPaths.RequestBody("text-embedding-nosse")), Parse(request.Body));
    }

    [Fact]
    public async Task Recorded_answer_decodes_into_one_float_vector()
    {
        var result = await _fixture.Client("scenario=text-embedding-nosse,id=" + _fixture.NewId("embed-recorded")).SendAsync(RecordedRequest(), CancellationToken.None);

        var embedding = Assert.Single(result.Embeddings);
        Assert.Equal(0, embedding.Index);
        Assert.Equal("代码改变世界", embedding.Text);
        Assert.Equal(1536, embedding.Embedding.Length);
        Assert.Equal(-0.005039233741296242f, embedding.Embedding[0]);
        Assert.Equal(-0.006245721162617326f, embedding.Embedding[^1]);
        Assert.Null(embedding.Sparse);
        Assert.Equal(3, result.Usage!.TotalTokens);
        Assert.Equal("1773f7b2-2148-9f74-b335-b413e398a116", result.RequestId);
        Assert.Equal("text-embedding-v2", result.Model);
    }

    [Fact]
    public async Task Chinese_texts_round_trip_with_dimension_and_text_type()
    {
        var id = _fixture.NewId("embed-cjk");
        string[] texts = ["代码改变世界", "你好，世界！", "plain ASCII"];
        var result = await _fixture.Client("id=" + id).SendAsync(new EmbeddingRequest { Texts = texts, Dimension = 512, TextType = "query" }, CancellationToken.None);

        var body = Parse(Assert.Single(_fixture.Requests(id)).Body);
        Assert.Equal("text-embedding-v4", body.GetProperty("model").GetString());
        Assert.Equal(texts, body.GetProperty("input").GetProperty("texts").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(512, body.GetProperty("parameters").GetProperty("dimension").GetInt32());
        Assert.Equal(3, result.Embeddings.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            var embedding = result.Embeddings[i];
            Assert.Equal(i, embedding.Index);
            Assert.Equal(texts[i], embedding.Text);
            var expected = ServiceSimulator.Vector(texts[i], 512, "query");
            Assert.Equal(512, embedding.Embedding.Length);
            for (var d = 0; d < expected.Length; d++) Assert.Equal(expected[d], embedding.Embedding[d], 1e-6);
        }
        Assert.Equal(texts.Sum(t => ServiceSimulator.Tokenize(t).Count), result.Usage!.TotalTokens);
        Assert.True(Guid.TryParse(result.RequestId, out _), "request id " + result.RequestId);
    }

    [Fact]
    public async Task Dense_and_sparse_output_carries_both()
    {
        var result = await _fixture.Client("id=" + _fixture.NewId("embed-sparse")).SendAsync(
            new EmbeddingRequest { Texts = ["代码改变世界"], OutputType = "dense&sparse" }, CancellationToken.None);

        var embedding = Assert.Single(result.Embeddings);
        Assert.Equal(1024, embedding.Embedding.Length);
        Assert.Equal(["代码", "改变", "世界"], embedding.Sparse!.Select(s => s.Token));
        Assert.Equal(ServiceSimulator.TokenId("改变"), embedding.Sparse![1].Index);
        Assert.Equal(0.333333f, embedding.Sparse[1].Value);
    }

    [Fact]
    public async Task Sparse_only_output_has_an_empty_dense_vector()
    {
        var result = await _fixture.Client("id=" + _fixture.NewId("embed-sparse-only")).SendAsync(
            new EmbeddingRequest { Texts = ["hello world"], OutputType = "sparse" }, CancellationToken.None);

        var embedding = Assert.Single(result.Embeddings);
        Assert.Empty(embedding.Embedding);
        Assert.Equal(["hello", "world"], embedding.Sparse!.Select(s => s.Token));
    }

    [Fact]
    public void Embeddings_are_put_in_text_order_whatever_order_they_arrive_in()
    {
        var request = new EmbeddingRequest { Texts = ["a", "b"] };
        var result = request.Decode(Parse("""{"output":{"embeddings":[{"embedding":[2.5],"text_index":1},{"embedding":[1.5],"text_index":0}]},"usage":{"total_tokens":2}}"""), "r-1");

        Assert.Equal([0, 1], result.Embeddings.Select(e => e.Index));
        Assert.Equal(["a", "b"], result.Embeddings.Select(e => e.Text));
        Assert.Equal([1.5f], result.Embeddings[0].Embedding);
        Assert.Equal("r-1", result.RequestId);
    }

    /// <summary>The one-pass reading of large answers and the full reading give the same result, or the one-pass declines.</summary>
    private static QwenEmbeddingResult? ReadBothWays(EmbeddingRequest request, byte[] answer, string? headerRequestId = "header-id")
    {
        var full = DecodeFully(request, answer, headerRequestId);
        if (!request.TryDecodeRaw(answer, headerRequestId, out var fast)) return null;
        Assert.Equal(full.RequestId, fast.RequestId);
        Assert.Equal(full.Model, fast.Model);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(full.Usage), System.Text.Json.JsonSerializer.Serialize(fast.Usage));
        Assert.Equal(full.Embeddings.Count, fast.Embeddings.Count);
        for (var i = 0; i < full.Embeddings.Count; i++)
        {
            Assert.Equal(full.Embeddings[i].Index, fast.Embeddings[i].Index);
            Assert.Equal(full.Embeddings[i].Text, fast.Embeddings[i].Text);
            Assert.Equal(full.Embeddings[i].Model, fast.Embeddings[i].Model);
            Assert.Equal(full.Embeddings[i].Embedding, fast.Embeddings[i].Embedding);
        }
        return fast;
    }

    private static QwenEmbeddingResult DecodeFully(EmbeddingRequest request, byte[] answer, string? headerRequestId)
    {
        using var document = JsonDocument.Parse(answer);
        return request.Decode(document.RootElement, document.RootElement.TryGetProperty("request_id", out var id) ? id.GetString() : headerRequestId);
    }

    [Fact]
    public void One_pass_reading_of_the_recorded_answer_equals_the_full_reading()
    {
        var result = ReadBothWays(RecordedRequest(), TestPaths.ResponseBody("text-embedding-nosse"));

        Assert.NotNull(result);
        Assert.Equal(1536, Assert.Single(result!.Embeddings).Embedding.Length);
        Assert.Equal("1773f7b2-2148-9f74-b335-b413e398a116", result.RequestId);
    }

    [Theory]
    [InlineData(64, null)]
    [InlineData(1024, null)]
    [InlineData(2048, 1024)]
    [InlineData(128, 2048)]
    public void One_pass_reading_of_simulated_answers_equals_the_full_reading(int size, int? declaredDimension)
    {
        string[] texts = ["代码改变世界", "你好，世界！", "plain ASCII", "x"];
        var parameters = new System.Text.Json.Nodes.JsonObject { ["dimension"] = size };
        var input = new System.Text.Json.Nodes.JsonObject { ["texts"] = new System.Text.Json.Nodes.JsonArray(texts.Select(t => (System.Text.Json.Nodes.JsonNode?)t).ToArray()) };
        var body = new System.Text.Json.Nodes.JsonObject { ["model"] = "text-embedding-v4", ["input"] = input, ["parameters"] = parameters };
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        Assert.Null(ServiceSimulator.Answer(ServiceSimulator.EmbeddingPath, body, "sim-1", output));
        var answer = output.WrittenSpan.ToArray();

        var result = ReadBothWays(new EmbeddingRequest { Texts = texts, Dimension = declaredDimension }, answer);

        Assert.NotNull(result);
        Assert.All(result!.Embeddings, e => Assert.Equal(size, e.Embedding.Length));
        Assert.Equal("sim-1", result.RequestId);
    }

    [Fact]
    public void One_pass_reading_orders_by_text_index_and_takes_the_header_request_id_when_the_body_has_none()
    {
        var answer = System.Text.Encoding.UTF8.GetBytes("""{"output":{"embeddings":[{"embedding":[2.5,-1e-3],"text_index":1},{"text_index":0,"embedding":[1.5,0]}],"extra":{"x":[1]}},"usage":{"total_tokens":2,"input_tokens":2}}""");

        var result = ReadBothWays(new EmbeddingRequest { Texts = ["a", "b"] }, answer);

        Assert.Equal([0, 1], result!.Embeddings.Select(e => e.Index));
        Assert.Equal([2.5f, -0.001f], result.Embeddings[1].Embedding);
        Assert.Equal("header-id", result.RequestId);
        Assert.Equal(2, result.Usage!.TotalTokens);
    }

    [Fact]
    public void One_pass_reading_takes_indented_answers_and_empty_vectors()
    {
        var answer = System.Text.Encoding.UTF8.GetBytes("{\n  \"output\": {\n    \"embeddings\": [\n      { \"text_index\": 1, \"embedding\": [ ] },\n      {\n        \"embedding\": [\r\n 0.25 ,\t-1.5e2,\n 3 ],\n        \"text_index\": 0\n      }\n    ]\n  },\n  \"request_id\": \"r-2\"\n}\n");

        var result = ReadBothWays(new EmbeddingRequest { Texts = ["a", "b"] }, answer);

        Assert.Equal([0.25f, -150f, 3f], result!.Embeddings[0].Embedding);
        Assert.Empty(result.Embeddings[1].Embedding);
        Assert.Equal("r-2", result.RequestId);
    }

    [Theory]
    [InlineData("""{"output":{"embeddings":[{"embedding":[1.0,],"text_index":0}]}}""")]
    [InlineData("""{"output":{"embeddings":[{"embedding":[1.0 2.0],"text_index":0}]}}""")]
    [InlineData("""{"output":{"embeddings":[{"embedding":[01],"text_index":0}]}}""")]
    [InlineData("""{"output":{"embeddings":[{"embedding":[1],"text_index":0}]}} trailing""")]
    [InlineData("""{"output":{"embeddings":[{"embedding":[1],"text_index":0}]]}""")]
    public void One_pass_reading_refuses_what_is_not_json(string answer)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(answer);
        var error = Record.Exception(() => new EmbeddingRequest { Texts = ["a"] }.TryDecodeRaw(bytes, "h", out _));
        Assert.True(error is JsonException or FormatException, answer + ": " + error);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(bytes));
    }

    [Theory]
    [InlineData("""{"output":{"embeddings":[{"embedding":[null],"text_index":0}]}}""")]
    [InlineData("""{"output":{"embeddings":[{"embedding":[[1]],"text_index":0}]}}""")]
    public void Vectors_of_anything_but_numbers_fail_both_readings(string answer)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(answer);
        var request = new EmbeddingRequest { Texts = ["a"] };
        Assert.Throws<FormatException>(() => request.TryDecodeRaw(bytes, "h", out _));
        Assert.Throws<InvalidOperationException>(() => DecodeFully(request, bytes, "h"));
    }

    [Theory]
    [InlineData("""{"output":{"embeddings":[{"embedding":[1.0],"sparse_embedding":[{"index":1,"value":0.5,"token":"a"}],"text_index":0}]}}""")]
    [InlineData("""{"code":"InvalidParameter","message":"bad","request_id":"r"}""")]
    [InlineData("""{"output":{"embeddings":[{"embedding":"not an array","text_index":0}]}}""")]
    [InlineData("""[1,2]""")]
    public void One_pass_reading_leaves_other_shapes_to_the_full_reading(string answer)
    {
        Assert.False(new EmbeddingRequest { Texts = ["a"] }.TryDecodeRaw(System.Text.Encoding.UTF8.GetBytes(answer), "h", out _));
    }

    [Fact]
    public void One_pass_reading_of_a_truncated_answer_throws_what_the_client_falls_back_on()
    {
        var answer = TestPaths.ResponseBody("text-embedding-nosse");
        foreach (var length in new[] { answer.Length / 2, answer.Length - 3, 40 })
        {
            var error = Record.Exception(() => RecordedRequest().TryDecodeRaw(answer.AsSpan(0, length), "h", out _));
            Assert.True(error is JsonException or FormatException, length + ": " + error);
        }
    }

    [Fact]
    public async Task Additional_parameters_override_modelled_ones()
    {
        var id = _fixture.NewId("embed-extra");
        var request = new EmbeddingRequest { Texts = ["x"], Dimension = 512, AdditionalParameters = { ["dimension"] = 64 } };
        var result = await _fixture.Client("id=" + id).SendAsync(request, CancellationToken.None);

        var parameters = Parse(Assert.Single(_fixture.Requests(id)).Body).GetProperty("parameters");
        Assert.Equal("""{"dimension":64}""", parameters.GetRawText());
        Assert.Equal(64, Assert.Single(result.Embeddings).Embedding.Length);
    }

    [Fact]
    public void No_parameters_means_no_parameters_member()
    {
        var body = Parse(System.Text.Encoding.UTF8.GetString(new EmbeddingRequest { Texts = ["x"] }.BuildBody()!));
        Assert.False(body.TryGetProperty("parameters", out _));
    }

    [Theory]
    [InlineData(new string[0], "No text")]
    [InlineData(new[] { "ok", "" }, "Text 1 is empty")]
    public async Task Invalid_input_is_refused_before_anything_is_sent(string[] texts, string message)
    {
        var id = _fixture.NewId("embed-invalid");
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Client("id=" + id).SendAsync(new EmbeddingRequest { Texts = texts }, CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.InvalidInput, error.Kind);
        Assert.Contains(message, error.Message);
        Assert.Empty(_fixture.Requests(id));
    }

    [Fact]
    public async Task Unknown_text_type_is_refused_before_anything_is_sent()
    {
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Client("id=" + _fixture.NewId("embed-type")).SendAsync(new EmbeddingRequest { Texts = ["x"], TextType = "passage" }, CancellationToken.None));
        Assert.Equal(DashScopeErrorKind.InvalidInput, error.Kind);
    }

    [Fact]
    public async Task Too_many_texts_is_the_services_400_and_not_retried()
    {
        var id = _fixture.NewId("embed-eleven");
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Client("id=" + id, retries: 3).SendAsync(new EmbeddingRequest { Texts = Enumerable.Range(1, 11).Select(i => "t" + i).ToList() }, CancellationToken.None));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("InternalError.Algo.InvalidParameter", error.Code);
        Assert.Contains("should not be larger than 10", error.ServiceMessage);
        Assert.Single(_fixture.Requests(id));
    }
}
