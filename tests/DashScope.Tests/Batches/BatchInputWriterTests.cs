using System.Text;
using System.Text.Json;
using DashScope.Batches;
using DashScope.Models;
using DashScope.Requests;
using Xunit;

namespace DashScope.Tests.Batches;

/// <summary>Batch input lines written to disk: the synchronous compatible body, numbered custom_ids, files split at the limits.</summary>
public sealed class BatchInputWriterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dashscope-batch-writer-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static ChatRequest Ask(string prompt, string model = "qwen-plus") => new() { Model = model, Messages = [new QwenChatMessage("user", prompt)], Prompt = prompt };

    private static List<JsonElement> Lines(BatchInputPart part) =>
        File.ReadAllLines(part.Path, Encoding.UTF8).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

    [Fact]
    public void Each_request_is_one_line_with_the_body_a_synchronous_call_sends()
    {
        var request = Ask("分类：打印机坏了") with { Temperature = 0.2 };
        using var writer = new BatchInputWriter(_folder);
        Assert.Equal("1", writer.Add(request));
        Assert.Equal("2", writer.Add(Ask("second")));
        var part = Assert.Single(writer.Complete());

        Assert.True(part.Owned);
        Assert.Equal(CompatibleChatRequestBuilder.BatchUrl, part.Url);
        Assert.Equal(2, part.Lines);
        Assert.Equal(new FileInfo(part.Path).Length, part.Bytes);
        var lines = Lines(part);
        Assert.Equal(["1", "2"], lines.Select(l => l.GetProperty("custom_id").GetString()));
        Assert.All(lines, l => Assert.Equal("POST", l.GetProperty("method").GetString()));
        Assert.All(lines, l => Assert.Equal("/v1/chat/completions", l.GetProperty("url").GetString()));
        JsonAssert.Equal(JsonDocument.Parse(CompatibleChatRequestBuilder.Build(request, stream: false)).RootElement, lines[0].GetProperty("body"));
        Assert.Contains("分类：打印机坏了", File.ReadAllText(part.Path, Encoding.UTF8));
    }

    [Fact]
    public void The_thinking_mode_that_splits_files_is_the_one_the_body_sends()
    {
        // An enable_thinking extra parameter overrides EnableThinking in the body, so it decides the file too.
        using var writer = new BatchInputWriter(_folder);
        writer.Add(Ask("one", model: "qwen-flash") with { EnableThinking = true });
        writer.Add(Ask("two", model: "qwen-flash") with
        {
            EnableThinking = true,
            AdditionalParameters = new Dictionary<string, object?> { ["enable_thinking"] = false },
        });
        writer.Add(Ask("three", model: "qwen-flash") with { EnableThinking = false });
        var parts = writer.Complete();

        Assert.Equal([1, 2], parts.Select(p => p.Lines));
        Assert.All(Lines(parts[1]), line => Assert.False(line.GetProperty("body").GetProperty("enable_thinking").GetBoolean()));
    }

    [Fact]
    public void Files_split_at_the_line_and_byte_limits_and_when_the_model_changes_keeping_the_numbering()
    {
        using var writer = new BatchInputWriter(_folder, new BatchLimits { MaximumLines = 3, MaximumBytes = 100_000 });
        for (var i = 1; i <= 7; i++) writer.Add(Ask("prompt " + i));
        writer.Add(Ask("other model", model: "qwen-flash"));
        writer.Add(Ask("thinking", model: "qwen-flash") with { EnableThinking = true });
        var parts = writer.Complete();

        Assert.Equal([3, 3, 1, 1, 1], parts.Select(p => p.Lines));
        Assert.Equal(Enumerable.Range(1, 9).Select(n => n.ToString()), parts.SelectMany(Lines).Select(l => l.GetProperty("custom_id").GetString()));
        Assert.Equal(9, writer.Lines);

        using var small = new BatchInputWriter(Path.Combine(_folder, "bytes"), new BatchLimits { MaximumBytes = 400 });
        for (var i = 0; i < 4; i++) small.Add(Ask(new string('x', 100)));
        Assert.All(small.Complete(), part => Assert.True(part.Bytes <= 400, part.Bytes + " bytes"));
    }

    [Fact]
    public void A_line_over_the_limit_fails_alone_and_the_next_line_is_written()
    {
        using var writer = new BatchInputWriter(_folder, new BatchLimits { MaximumLineBytes = 300 });
        var failure = Assert.Throws<DashScopeException>(() => writer.Add(Ask(new string('x', 400))));
        Assert.Equal(DashScopeErrorKind.InvalidInput, failure.Kind);
        Assert.Contains("Request 1", failure.Message);

        Assert.Equal("1", writer.Add(Ask("short")));
        Assert.Equal("short", Lines(Assert.Single(writer.Complete()))[0].GetProperty("body").GetProperty("messages")[0].GetProperty("content").GetString());
    }

    [Fact]
    public void Embedding_requests_are_lines_of_v1_embeddings()
    {
        using var writer = new BatchInputWriter(_folder);
        writer.Add(new CompatibleEmbeddingRequest { Model = "text-embedding-v4", Texts = ["a", "b"], Dimension = 512 });
        var part = Assert.Single(writer.Complete());

        Assert.Equal("/v1/embeddings", part.Url);
        JsonAssert.Equal(JsonDocument.Parse("""{"model":"text-embedding-v4","input":["a","b"],"dimensions":512,"encoding_format":"float"}""").RootElement,
            Lines(part)[0].GetProperty("body"));
    }

    [Fact]
    public void An_embedding_line_may_carry_its_inputs_position_as_custom_id_and_positions_must_increase()
    {
        using var writer = new BatchInputWriter(_folder);
        var request = new CompatibleEmbeddingRequest { Model = "text-embedding-v4", Texts = ["a"] };

        Assert.Equal("5", writer.Add(request, 4));
        Assert.Equal("6", writer.Add(request));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Add(request, 5));
        Assert.Equal("10", writer.Add(request, 9));

        Assert.Equal(["5", "6", "10"], Lines(Assert.Single(writer.Complete())).Select(line => line.GetProperty("custom_id").GetString()));
    }

    [Fact]
    public void Discard_deletes_every_file_written()
    {
        using var writer = new BatchInputWriter(_folder, new BatchLimits { MaximumLines = 1 });
        writer.Add(Ask("a"));
        writer.Add(Ask("b"));
        writer.Discard();

        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void Discard_keeps_a_file_the_store_took_for_a_submitted_batch()
    {
        var store = new BatchStore(Path.Combine(_folder, "store"));
        using var writer = new BatchInputWriter(store.DraftFolder, new BatchLimits { MaximumLines = 1 });
        writer.Add(Ask("sent"));
        writer.Add(Ask("not sent"));
        var parts = writer.Complete();
        store.Remember("batch_1", parts[0]);

        writer.Discard();

        Assert.True(File.Exists(store.InputPathFor("batch_1")));
        Assert.False(File.Exists(parts[1].Path));
    }
}
