using System.Text;
using DashScope.Streaming;
using Xunit;

namespace DashScope.Tests.Streaming;

/// <summary>The OpenAI-compatible payloads of protocol-services.md §11 and §12.7, decoded into the native chunk shape.</summary>
public class CompatibleChunkDecoderTests
{
    private static GenerationChunk Decode(string json, string? header = null) => CompatibleChunkDecoder.Decode(Encoding.UTF8.GetBytes(json), header);

    private static ChatAccumulator Accumulate(params string[] payloads)
    {
        var accumulator = new ChatAccumulator();
        foreach (var payload in payloads) accumulator.Add(Decode(payload));
        return accumulator;
    }

    [Fact]
    public void A_whole_answer_gives_text_finish_usage_and_details()
    {
        var chunk = Decode("""
            {"choices":[{"message":{"role":"assistant","content":"我是通义千问","reasoning_content":"想一想"},"finish_reason":"stop","index":0,"logprobs":null}],
             "object":"chat.completion","usage":{"prompt_tokens":3019,"completion_tokens":104,"total_tokens":3123,
             "completion_tokens_details":{"reasoning_tokens":40},"prompt_tokens_details":{"cached_tokens":2048}},
             "created":1735120033,"system_fingerprint":null,"model":"qwen-plus","id":"chatcmpl-6ada9ed2-7f33-9de2-8bb0-78bd4035025a"}
            """, header: "6ada9ed2-7f33-9de2-8bb0-78bd4035025a");

        Assert.Equal("我是通义千问", chunk.Text);
        Assert.Equal("想一想", chunk.Reasoning);
        Assert.Equal("assistant", chunk.Role);
        Assert.Equal("stop", chunk.FinishReason);
        Assert.Equal("6ada9ed2-7f33-9de2-8bb0-78bd4035025a", chunk.RequestId);
        Assert.Equal(3019, chunk.Usage!.InputTokens);
        Assert.Equal(104, chunk.Usage.OutputTokens);
        Assert.Equal(3123, chunk.Usage.TotalTokens);
        Assert.Equal(40, chunk.Usage.ReasoningTokens);
        Assert.Equal(2048, chunk.Usage.CachedTokens);
        Assert.Equal(3019L, chunk.Usage.Details["prompt_tokens"]);
    }

    [Fact]
    public void Without_a_header_the_request_id_is_the_answer_id()
    {
        Assert.Equal("chatcmpl-1", Decode("""{"choices":[],"id":"chatcmpl-1"}""").RequestId);
        Assert.Equal("r-9", Decode("""{"choices":[],"id":"chatcmpl-1","request_id":"r-9"}""", header: "h").RequestId);
    }

    [Fact]
    public void The_recorded_stream_accumulates_reasoning_then_text_and_takes_usage_from_the_last_chunk()
    {
        var accumulator = Accumulate(
            """{"choices":[{"delta":{"content":null,"role":"assistant","reasoning_content":""},"index":0,"logprobs":null,"finish_reason":null}],"object":"chat.completion.chunk","usage":null,"created":1761899724,"system_fingerprint":null,"model":"qwen3-max-2026-01-23","id":"chatcmpl-2f96ef0b"}""",
            """{"choices":[{"finish_reason":null,"logprobs":null,"delta":{"content":null,"reasoning_content":"The user"},"index":0}],"object":"chat.completion.chunk","usage":null,"id":"chatcmpl-2f96ef0b"}""",
            """{"choices":[{"finish_reason":null,"logprobs":null,"delta":{"content":"Hello","reasoning_content":null},"index":0}],"object":"chat.completion.chunk","usage":null,"id":"chatcmpl-2f96ef0b"}""",
            """{"choices":[{"finish_reason":"stop","delta":{"content":"","reasoning_content":null},"index":0,"logprobs":null}],"object":"chat.completion.chunk","usage":null,"id":"chatcmpl-2f96ef0b"}""",
            """{"choices":[],"object":"chat.completion.chunk","usage":{"prompt_tokens":22,"completion_tokens":17,"total_tokens":39},"id":"chatcmpl-2f96ef0b"}""");

        var result = accumulator.ToResult("qwen3-max", [], completed: true);
        Assert.Equal("Hello", result.Text);
        Assert.Equal("The user", result.Reasoning);
        Assert.Equal("stop", result.FinishReason);
        Assert.Equal(39, result.Usage!.TotalTokens);
        Assert.Equal("chatcmpl-2f96ef0b", result.RequestId);
    }

    [Fact]
    public void Finish_reason_is_null_until_the_last_choice_chunk()
    {
        Assert.Null(Decode("""{"choices":[{"delta":{"content":"a"},"finish_reason":null,"index":0}]}""").FinishReason);
        Assert.Equal("length", Decode("""{"choices":[{"delta":{"content":""},"finish_reason":"length","index":0}]}""").FinishReason);
    }

    [Fact]
    public void Tool_call_fragments_merge_by_index_into_whole_calls()
    {
        var accumulator = Accumulate(
            """{"choices":[{"delta":{"content":null,"tool_calls":[{"index":0,"id":"call_bd50","type":"function","function":{"name":"calculate","arguments":""}}]},"index":0,"finish_reason":null}]}""",
            """{"choices":[{"delta":{"content":null,"tool_calls":[{"index":0,"id":"","type":"function","function":{"arguments":"{\"expression\": \"8"}}]},"index":0,"finish_reason":null}]}""",
            """{"choices":[{"delta":{"content":null,"tool_calls":[{"index":1,"id":"call_x","type":"function","function":{"name":"now","arguments":"{}"}}]},"index":0,"finish_reason":null}]}""",
            """{"choices":[{"delta":{"content":null,"tool_calls":[{"index":0,"id":"","type":"function","function":{"arguments":" * 7\"}"}}]},"index":0,"finish_reason":"tool_calls"}]}""");

        var result = accumulator.ToResult("qwen3.5-plus", [], completed: true);
        Assert.Equal("tool_calls", result.FinishReason);
        Assert.Equal(2, result.ToolCalls.Count);
        Assert.Equal("call_bd50", result.ToolCalls[0].Id);
        Assert.Equal("calculate", result.ToolCalls[0].Name);
        Assert.Equal("{\"expression\": \"8 * 7\"}", result.ToolCalls[0].Arguments);
        Assert.Equal("now", result.ToolCalls[1].Name);
    }

    [Fact]
    public void Tool_calls_of_a_whole_answer_have_no_index_and_keep_their_order()
    {
        var chunk = Decode("""{"choices":[{"message":{"role":"assistant","content":"","tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{}"}},{"id":"b","type":"function","function":{"name":"g","arguments":"{}"}}]},"finish_reason":"tool_calls","index":0}]}""");

        Assert.Equal([0, 1], chunk.ToolCalls!.Select(c => c.Index));
        Assert.Equal(["f", "g"], chunk.ToolCalls!.Select(c => c.Name));
    }

    [Fact]
    public void Audio_of_an_omni_stream_is_carried_in_the_chunk()
    {
        var chunk = Decode("""{"choices":[{"delta":{"content":"你好","audio":{"data":"UklGRg==","transcript":"你好","id":"audio_1","expires_at":1761899800}},"finish_reason":null,"index":0}]}""");

        Assert.Equal("你好", chunk.Text);
        Assert.Equal("UklGRg==", chunk.Audio!.Data);
        Assert.Equal("你好", chunk.Audio.Transcript);
        Assert.Equal("audio_1", chunk.Audio.Id);
        Assert.Equal(1761899800, chunk.Audio.ExpiresAt);
    }

    [Fact]
    public void Omni_usage_counts_the_spoken_and_written_answer_apart()
    {
        var chunk = Decode("""{"choices":[],"usage":{"prompt_tokens":20,"completion_tokens":90,"total_tokens":110,"completion_tokens_details":{"audio_tokens":70,"text_tokens":20},"prompt_tokens_details":{"text_tokens":20}}}""");

        Assert.Equal(70, chunk.Usage!.OutputAudioTokens);
        Assert.Equal(20, chunk.Usage.OutputTextTokens);
        Assert.Equal(90, chunk.Usage.OutputTokens);
        Assert.Contains("audio out 70", chunk.Usage.ToString());
    }

    [Fact]
    public void Several_choices_are_kept_apart_with_choice_zero_as_the_answer_and_vllm_reasoning_is_understood()
    {
        var result = Accumulate(
            """{"choices":[{"delta":{"content":"second"},"index":1},{"delta":{"content":"first","reasoning":"why"},"index":0}]}""",
            """{"choices":[{"delta":{"content":"!"},"index":1,"finish_reason":"stop"}]}""",
            """{"choices":[{"delta":{"content":"."},"index":0,"finish_reason":"stop"}]}""").ToResult("qwen-plus", [], completed: true);

        Assert.Equal("first.", result.Text);
        Assert.Equal("why", result.Reasoning);
        Assert.Equal(["first.", "second!"], result.Choices.Select(c => c.Text));
    }

    [Fact]
    public void Log_probabilities_are_read_per_token()
    {
        var chunk = Decode("""{"choices":[{"delta":{"content":"Hi"},"index":0,"logprobs":{"content":[{"token":"Hi","logprob":-0.1,"bytes":[72,105],"top_logprobs":[{"token":"Hello","logprob":-2.5,"bytes":[72]}]}]}}]}""");

        var token = Assert.Single(chunk.LogProbabilities!);
        Assert.Equal("Hi", token.Token);
        Assert.Equal("Hello", Assert.Single(token.TopAlternatives).Token);
    }

    [Theory]
    [InlineData("""{"error":{"code":"invalid_type","param":"'messages.[0].content'","message":"Invalid type for 'messages.[0].content'","type":"invalid_request_error"},"request_id":"chatcmpl-29eac547"}""", 400, "invalid_type", "chatcmpl-29eac547")]
    [InlineData("""{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}""", 401, "invalid_api_key", "hdr")]
    [InlineData("""{"error":{"code":"internal_error","message":"broke","type":"server_error"},"id":"chatcmpl-2"}""", 500, "internal_error", "hdr")]
    [InlineData("""{"error":{"message":"Too many","type":"rate_limit_error","code":null}}""", 429, "rate_limit_error", "hdr")]
    public void An_error_payload_is_thrown_with_its_code_and_status(string json, int status, string code, string requestId)
    {
        var failure = Assert.Throws<DashScopeException>(() => Decode(json, header: "hdr"));

        Assert.Equal(DashScopeErrorKind.Service, failure.Kind);
        Assert.Equal(status, failure.StatusCode);
        Assert.Equal(code, failure.Code);
        Assert.Equal(requestId, failure.RequestId);
    }

    [Theory]
    [InlineData("[DONE]", true)]
    [InlineData(" [DONE] ", true)]
    [InlineData("[DONE", false)]
    [InlineData("{}", false)]
    public void Done_ends_the_stream(string data, bool done) => Assert.Equal(done, CompatibleChunkDecoder.IsDone(Encoding.ASCII.GetBytes(data)));

    [Fact]
    public void Data_that_is_not_json_is_a_protocol_error()
    {
        var failure = Assert.Throws<DashScopeException>(() => Decode("{\"choices\":[{\"delta\":{\"content\":\"broken"));
        Assert.Equal(DashScopeErrorKind.Protocol, failure.Kind);
    }
}
