using System.Text;
using DashScope.Batches;
using Xunit;

namespace DashScope.Tests.Batches;

/// <summary>Input files made elsewhere: checked line by line before anything is sent, the first bad line named by its number.</summary>
public sealed class BatchFileValidatorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dashscope-batch-validator-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Line(string customId, string prompt = "hi", string url = "/v1/chat/completions", string model = "qwen-plus") =>
        "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"" + url + "\",\"body\":{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}}";

    private string Write(string name, params string[] lines) => Write(name, string.Join("\n", lines) + "\n");

    private string Write(string name, string content, bool bom = false)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content, new UTF8Encoding(bom));
        return path;
    }

    [Fact]
    public void A_good_file_is_sent_as_it_is()
    {
        var path = Write("requests.jsonl", Line("a"), Line("b"), Line("c"));
        var part = Assert.Single(BatchFileValidator.Prepare(path, _folder));

        Assert.Equal(path, part.Path);
        Assert.False(part.Owned);
        Assert.Equal(3, part.Lines);
        Assert.Equal("/v1/chat/completions", part.Url);
        Assert.Equal(new FileInfo(path).Length, part.Bytes);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1,2]", "not an object")]
    [InlineData("""{"method":"POST","url":"/v1/chat/completions","body":{"model":"m","messages":[{}]}}""", "no custom_id")]
    [InlineData("""{"custom_id":"a","method":"POST","url":"/v1/chat/completions","body":{"model":"m","messages":[{}]}}""", "used before")]
    [InlineData("""{"custom_id":"z","method":"GET","url":"/v1/chat/completions","body":{"model":"m","messages":[{}]}}""", "method is not POST")]
    [InlineData("""{"custom_id":"z","method":"POST","url":"/v1/chat/completion","body":{"model":"m","messages":[{}]}}""", "not one the Batch API serves")]
    [InlineData("""{"custom_id":"z","method":"POST","url":"/v1/embeddings","body":{"model":"m","input":"x"}}""", "differs from the first line's")]
    [InlineData("""{"custom_id":"z","method":"POST","url":"/v1/chat/completions","body":{"messages":[{}]}}""", "names no model")]
    [InlineData("""{"custom_id":"z","method":"POST","url":"/v1/chat/completions","body":{"model":"m","messages":[]}}""", "no messages")]
    [InlineData("""{"custom_id":"z","method":"POST","url":"/v1/chat/completions","body":{"model":"m","stream":true,"messages":[{}]}}""", "asks for a stream")]
    [InlineData("   ", "empty")]
    public void The_first_bad_line_fails_with_its_number(string bad, string why)
    {
        var path = Write("requests.jsonl", Line("a"), Line("b"), bad, "also bad");

        var failure = Assert.Throws<DashScopeException>(() => BatchFileValidator.Prepare(path, _folder));
        Assert.Equal(DashScopeErrorKind.InvalidInput, failure.Kind);
        Assert.Equal("InvalidBatchLine", failure.ErrorId);
        Assert.StartsWith("Line 3 of requests.jsonl is not a batch request: ", failure.Message);
        Assert.Contains(why, failure.Message);
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void An_empty_file_and_a_missing_file_are_refused()
    {
        Assert.Contains("holds no request", Assert.Throws<DashScopeException>(() => BatchFileValidator.Prepare(Write("empty.jsonl", ""), _folder)).Message);
        Assert.Equal(DashScopeErrorKind.InvalidInput, Assert.Throws<DashScopeException>(() => BatchFileValidator.Prepare(Path.Combine(_folder, "none.jsonl"), _folder)).Kind);
    }

    [Fact]
    public void A_file_over_the_limits_or_with_several_models_is_copied_into_parts_keeping_its_custom_ids()
    {
        var path = Write("big.jsonl", Line("x1"), Line("x2"), Line("x3"), Line("x4", model: "qwen-max"), Line("x5", model: "qwen-max"));
        var parts = BatchFileValidator.Prepare(path, Path.Combine(_folder, "parts"), new BatchLimits { MaximumLines = 2 });

        Assert.Equal([2, 1, 2], parts.Select(p => p.Lines));
        Assert.All(parts, p => Assert.True(p.Owned));
        Assert.Equal([Line("x1"), Line("x2"), Line("x3"), Line("x4", model: "qwen-max"), Line("x5", model: "qwen-max")],
            parts.SelectMany(p => File.ReadAllLines(p.Path)));
    }

    [Fact]
    public void A_byte_order_mark_and_crlf_line_ends_are_tolerated_and_the_copy_has_neither_mark()
    {
        var path = Write("bom.jsonl", Line("a") + "\r\n" + Line("b") + "\r\n", bom: true);
        var part = Assert.Single(BatchFileValidator.Prepare(path, Path.Combine(_folder, "parts")));

        Assert.True(part.Owned);
        Assert.Equal((byte)'{', File.ReadAllBytes(part.Path)[0]);
        Assert.Equal([Line("a"), Line("b")], File.ReadAllLines(part.Path));
    }
}
