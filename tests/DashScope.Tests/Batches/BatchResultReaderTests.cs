using System.Text;
using DashScope.Batches;
using DashScope.Models;
using Xunit;

namespace DashScope.Tests.Batches;

/// <summary>Result files read back in input order: the recorded output, both error-line shapes, lines without a result.</summary>
public sealed class BatchResultReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dashscope-batch-reader-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, string.Join("\n", lines) + "\n", new UTF8Encoding(false));
        return path;
    }

    private static string Input(string customId, string prompt) =>
        "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"qwen-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}}";

    [Fact]
    public void The_recorded_output_becomes_chat_results_in_input_order_with_their_input()
    {
        // The recording answers custom_id 1 then 2; the input lists 2 first.
        var output = Path.Combine(_folder, "recorded.output.jsonl");
        File.WriteAllBytes(output, TestPaths.ResponseBody("get-file-content-compatible-nosse"));
        var input = Write("input.jsonl", Input("2", "What makes a job fail?"), Input("1", "你好"));

        var results = new BatchResultReader("batch_x", "/v1/chat/completions", input, output, null).Read(raw: false).ToList();

        Assert.Equal(["2", "1"], results.Select(r => r.CustomId));
        Assert.Equal([1, 2], results.Select(r => r.Line));
        var hello = Assert.IsType<QwenChatResult>(results[1].Value);
        Assert.StartsWith("你好！很高兴见到你～✨", hello.Text);
        Assert.Equal("你好", hello.Prompt);
        Assert.Equal("qwen-flash", hello.Model);
        Assert.Equal("153fa1be-abbc-4b52-80a6-c7ca92688fbc", hello.RequestId);
        Assert.Equal(75, hello.Usage!.TotalTokens);
        Assert.Equal(26, hello.Usage.InputTokens);
        Assert.Equal(["user", "assistant"], hello.History.Select(m => m.Role));
        Assert.StartsWith("It seems like", ((QwenChatResult)results[0].Value!).Text);
    }

    [Fact]
    public void Both_error_line_shapes_and_a_missing_line_become_errors_naming_their_input()
    {
        var input = Write("input.jsonl", Input("a", "one"), Input("b", "two"), Input("c", "three"));
        var errors = Write("errors.jsonl",
            """{"id":"r1","custom_id":"b","response":null,"error":{"error_code":"DataInspectionFailed","error_message":"Input data may contain inappropriate content."}}""",
            """{"id":"r2","custom_id":"a","response":{"status_code":429,"request_id":"r2","body":{"error":{"code":"limit_requests","message":"slow down","type":"limit_requests"}}},"error":null}""");

        var results = new BatchResultReader("batch_y", "/v1/chat/completions", input, null, errors, "cancelled").Read(raw: false).ToList();

        Assert.Equal(["one", "two", "three"], results.Select(r => r.Input));
        Assert.Equal(429, results[0].Error!.StatusCode);
        Assert.Equal("limit_requests", results[0].Error!.Code);
        Assert.Equal("r2", results[0].Error!.RequestId);
        Assert.Equal("DataInspectionFailed", results[1].Error!.Code);
        Assert.Equal("Input data may contain inappropriate content.", results[1].Error!.ServiceMessage);
        Assert.Contains("line 2 (custom_id b)", results[1].Error!.Message);
        Assert.Equal("NoBatchResult", results[2].Error!.ErrorId);
        Assert.Contains("it ended cancelled", results[2].Error!.Message);
    }

    [Fact]
    public void Embedding_lines_become_the_embeddings_get_qwenembedding_writes_at_their_inputs_positions()
    {
        static string Text(string customId, string text) =>
            "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/embeddings\",\"body\":{\"model\":\"text-embedding-v4\",\"input\":[\"" + text + "\"],\"encoding_format\":\"float\"}}";
        var input = Write("embed.input.jsonl", Text("1", "第一"), Text("3", "third"));
        var output = Write("embed.output.jsonl",
            """{"id":"r3","custom_id":"3","response":{"status_code":200,"request_id":"r3","body":{"data":[{"embedding":[0.6,0.8],"index":0,"object":"embedding"}],"model":"text-embedding-v4","object":"list","usage":{"prompt_tokens":1,"total_tokens":1},"id":"r3"}},"error":null}""");
        var errors = Write("embed.errors.jsonl",
            """{"id":"r1","custom_id":"1","response":{"status_code":400,"request_id":"r1","body":{"error":{"code":"invalid_parameter_error","message":"Range of input length should be [1, 8192]","type":"invalid_request_error"}}},"error":null}""");

        var results = new BatchResultReader("batch_e", "/v1/embeddings", input, output, errors).Read(raw: false).ToList();
        var alone = new BatchResultReader("batch_e", "/v1/embeddings", null, output, null).Read(raw: false).Single();

        Assert.Equal("第一", results[0].Input);
        Assert.Equal("invalid_parameter_error", results[0].Error!.Code);
        var third = Assert.IsType<QwenEmbedding>(results[1].Value);
        Assert.Equal(2, third.Index);
        Assert.Equal("third", third.Text);
        Assert.Equal("third", third.InputObject);
        Assert.Equal([0.6f, 0.8f], third.Embedding);
        Assert.Equal("text-embedding-v4", third.Model);
        Assert.Equal(1, third.Usage!.TotalTokens);
        Assert.Equal("r3", third.RequestId);
        // Without the input here the position still comes from the custom_id; the text is unknown.
        var known = Assert.IsType<QwenEmbedding>(alone.Value);
        Assert.Equal(2, known.Index);
        Assert.Null(known.Text);
    }

    [Fact]
    public void A_custom_id_is_found_wherever_it_stands_in_the_line()
    {
        Assert.Equal("7", BatchResultReader.CustomIdOf(new ArraySegment<byte>(Encoding.UTF8.GetBytes("""{"response":{"body":{"custom_id":"no"}},"id":"x","custom_id":"7"}"""))));
        Assert.Null(BatchResultReader.CustomIdOf(new ArraySegment<byte>(Encoding.UTF8.GetBytes("""not json"""))));
    }
}
