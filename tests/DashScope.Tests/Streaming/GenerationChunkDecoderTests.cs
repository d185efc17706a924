using System.Text;
using DashScope.Streaming;
using Xunit;

namespace DashScope.Tests.Streaming;

public class GenerationChunkDecoderTests
{
    private static GenerationChunk Decode(string json) => GenerationChunkDecoder.Decode(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Text_format_reads_output_text_and_finish_reason()
    {
        var chunk = Decode("""{"output":{"finish_reason":"stop","text":"1+1等于2。"},"usage":{"total_tokens":30,"output_tokens":14,"input_tokens":16},"request_id":"7e3d5586-cb70-98ce-97bf-8a2ac0091c3f"}""");

        Assert.Equal("1+1等于2。", chunk.Text);
        Assert.Equal("stop", chunk.FinishReason);
        Assert.Equal("7e3d5586-cb70-98ce-97bf-8a2ac0091c3f", chunk.RequestId);
        Assert.Null(chunk.Reasoning);
        Assert.Null(chunk.ToolCalls);
        Assert.Null(chunk.ErrorCode);
        Assert.Equal(16, chunk.Usage!.InputTokens);
        Assert.Equal(14, chunk.Usage.OutputTokens);
        Assert.Equal(30, chunk.Usage.TotalTokens);
    }

    [Fact]
    public void Message_format_reads_choices_message_content_and_role()
    {
        var chunk = Decode("""{"output":{"choices":[{"finish_reason":"length","message":{"role":"assistant","content":"杭州"},"index":0}]},"request_id":"r1"}""");

        Assert.Equal("杭州", chunk.Text);
        Assert.Equal("assistant", chunk.Role);
        Assert.Equal("length", chunk.FinishReason);
        Assert.Equal("r1", chunk.RequestId);
        Assert.Null(chunk.Usage);
    }

    [Fact]
    public void Multimodal_parts_content_joins_the_text_parts_and_skips_others()
    {
        var chunk = Decode("""{"output":{"choices":[{"finish_reason":"stop","message":{"role":"assistant","content":[{"text":"海"},{"image":"https://x/y.png"},{"text":"滩。"}]}}]}}""");

        Assert.Equal("海滩。", chunk.Text);
        Assert.Equal("stop", chunk.FinishReason);
    }

    [Fact]
    public void Empty_parts_content_is_empty_text()
    {
        var chunk = Decode("""{"output":{"choices":[{"message":{"content":[],"reasoning_content":"用户","role":"assistant"},"finish_reason":"null"}]}}""");

        Assert.Equal(string.Empty, chunk.Text);
        Assert.Equal("用户", chunk.Reasoning);
        Assert.Null(chunk.FinishReason);
    }

    [Fact]
    public void Reasoning_content_is_kept_apart_from_content()
    {
        var chunk = Decode("""{"output":{"choices":[{"message":{"content":"","reasoning_content":"嗯，让我想想","role":"assistant"},"finish_reason":"null"}]}}""");

        Assert.Equal("嗯，让我想想", chunk.Reasoning);
        Assert.Equal(string.Empty, chunk.Text);
    }

    [Theory]
    [InlineData("""{"output":{"choices":[{"message":{"content":"a"},"finish_reason":"null"}]}}""")]
    [InlineData("""{"output":{"choices":[{"message":{"content":"a"},"finish_reason":null}]}}""")]
    [InlineData("""{"output":{"choices":[{"message":{"content":"a"}}]}}""")]
    [InlineData("""{"output":{"choices":[{"message":{"content":"a"},"finish_reason":""}]}}""")]
    [InlineData("""{"output":{"finish_reason":"null","text":"a"}}""")]
    [InlineData("""{"output":{"finish_reason":null,"text":"a"}}""")]
    [InlineData("""{"output":{"text":"a"}}""")]
    public void Finish_reason_null_string_json_null_and_missing_all_mean_not_finished(string json)
    {
        var chunk = Decode(json);

        Assert.Null(chunk.FinishReason);
        Assert.Equal("a", chunk.Text);
    }

    [Fact]
    public void Choice_finish_reason_wins_over_the_output_level_one()
    {
        // qwen-mt puts finish_reason both beside choices and inside the choice.
        var chunk = Decode("""{"output":{"finish_reason":"null","choices":[{"message":{"content":"x"},"finish_reason":"stop"}]}}""");
        Assert.Equal("stop", chunk.FinishReason);
    }

    [Fact]
    public void First_tool_call_fragment_carries_index_id_type_name_and_arguments()
    {
        var chunk = Decode("""{"output":{"choices":[{"message":{"content":"","tool_calls":[{"index":0,"id":"call_29a870e7106f45deb8add3","type":"function","function":{"name":"get_current_weather","arguments":"{\"location\": \""}}],"role":"assistant"},"index":0,"finish_reason":"null"}]}}""");

        var fragment = Assert.Single(chunk.ToolCalls!);
        Assert.Equal(0, fragment.Index);
        Assert.Equal("call_29a870e7106f45deb8add3", fragment.Id);
        Assert.Equal("function", fragment.Type);
        Assert.Equal("get_current_weather", fragment.Name);
        Assert.Equal("{\"location\": \"", fragment.Arguments);
        Assert.Null(chunk.FinishReason);
    }

    [Fact]
    public void Continuation_fragments_have_empty_id_no_name_and_an_argument_slice()
    {
        var chunk = Decode("""{"output":{"choices":[{"message":{"content":[],"tool_calls":[{"index":0,"id":"","type":"function","function":{"arguments":""}},{"index":1,"id":"call_aa8b6311567847e197e6ca7f","type":"function","function":{"name":"get_current_weather","arguments":""}}],"role":"assistant"},"finish_reason":"tool_calls"}]}}""");

        Assert.Equal("tool_calls", chunk.FinishReason);
        Assert.Equal(2, chunk.ToolCalls!.Count);
        Assert.Equal(0, chunk.ToolCalls[0].Index);
        Assert.Equal("", chunk.ToolCalls[0].Id);
        Assert.Null(chunk.ToolCalls[0].Name);
        Assert.Equal("", chunk.ToolCalls[0].Arguments);
        Assert.Equal(1, chunk.ToolCalls[1].Index);
        Assert.Equal("call_aa8b6311567847e197e6ca7f", chunk.ToolCalls[1].Id);
        Assert.Equal("get_current_weather", chunk.ToolCalls[1].Name);
    }

    [Fact]
    public void Tool_call_without_index_takes_its_position()
    {
        var chunk = Decode("""{"output":{"choices":[{"message":{"tool_calls":[{"id":"a","function":{"name":"f","arguments":"{}"}},{"id":"b","function":{"name":"g","arguments":"{}"}}]}}]}}""");

        Assert.Equal([0, 1], chunk.ToolCalls!.Select(f => f.Index));
        Assert.Equal(["a", "b"], chunk.ToolCalls!.Select(f => f.Id));
    }

    [Fact]
    public void Legacy_usage_without_total_tokens_gets_the_total_computed()
    {
        var chunk = Decode("""{"output":{"choices":[{"finish_reason":"stop","message":{"role":"assistant","content":[{"text":"海滩。"}]}}]},"usage":{"output_tokens":3,"input_tokens":3613,"image_tokens":3577},"request_id":"e81aa922"}""");

        var usage = chunk.Usage!;
        Assert.Equal(3613, usage.InputTokens);
        Assert.Equal(3, usage.OutputTokens);
        Assert.Equal(3616, usage.TotalTokens);
        Assert.Equal(3577, usage.ImageTokens);
        Assert.False(usage.Details.ContainsKey("total_tokens"));
    }

    [Fact]
    public void A_reported_total_is_kept_even_when_it_differs_from_the_sum()
    {
        var usage = Decode("""{"usage":{"input_tokens":10,"output_tokens":5,"total_tokens":99}}""").Usage!;
        Assert.Equal(99, usage.TotalTokens);
    }

    [Fact]
    public void Thinking_usage_reads_reasoning_tokens_and_cached_tokens()
    {
        var usage = Decode("""{"usage":{"input_tokens":12,"output_tokens":21,"output_tokens_details":{"reasoning_tokens":20},"prompt_tokens_details":{"cached_tokens":7},"total_tokens":33}}""").Usage!;

        Assert.Equal(12, usage.InputTokens);
        Assert.Equal(21, usage.OutputTokens);
        Assert.Equal(33, usage.TotalTokens);
        Assert.Equal(20, usage.ReasoningTokens);
        Assert.Equal(7, usage.CachedTokens);
    }

    [Fact]
    public void Top_level_cached_tokens_of_doc_turbo_are_read()
    {
        var usage = Decode("""{"usage":{"input_tokens":100,"output_tokens":2,"total_tokens":102,"cached_tokens":64}}""").Usage!;
        Assert.Equal(64, usage.CachedTokens);
    }

    [Fact]
    public void Empty_prompt_tokens_details_leaves_cached_tokens_null()
    {
        var usage = Decode("""{"usage":{"input_tokens":2807,"output_tokens":3,"total_tokens":2810,"prompt_tokens_details":{}}}""").Usage!;
        Assert.Null(usage.CachedTokens);
    }

    [Fact]
    public void Multimodal_usage_reads_image_video_and_audio_tokens_from_details()
    {
        var usage = Decode("""{"usage":{"input_tokens_details":{"image_tokens":2503,"text_tokens":304,"video_tokens":11,"audio_tokens":42},"prompt_tokens_details":{},"total_tokens":2810,"output_tokens":3,"input_tokens":2807,"output_tokens_details":{"reasoning_tokens":3,"text_tokens":0}}}""").Usage!;

        Assert.Equal(2503, usage.ImageTokens);
        Assert.Equal(11, usage.VideoTokens);
        Assert.Equal(42, usage.AudioTokens);
        Assert.Equal(3, usage.ReasoningTokens);
        Assert.Equal(2810, usage.TotalTokens);
    }

    [Fact]
    public void Legacy_audio_usage_reads_top_level_audio_tokens()
    {
        var usage = Decode("""{"usage":{"input_tokens":80,"output_tokens":9,"audio_tokens":71}}""").Usage!;

        Assert.Equal(71, usage.AudioTokens);
        Assert.Equal(89, usage.TotalTokens);
        Assert.Null(usage.ImageTokens);
    }

    [Fact]
    public void Asr_usage_has_seconds_and_no_token_totals()
    {
        var usage = Decode("""{"usage":{"input_tokens_details":{"text_tokens":0},"output_tokens_details":{"text_tokens":6},"seconds":2.5}}""").Usage!;

        Assert.Equal(2.5, usage.Seconds);
        Assert.Null(usage.InputTokens);
        Assert.Null(usage.OutputTokens);
        Assert.Null(usage.TotalTokens);
        Assert.Contains("2.5 s", usage.ToString());
    }

    [Fact]
    public void Usage_details_keep_everything_the_service_sent()
    {
        var usage = Decode("""{"usage":{"input_tokens":709,"output_tokens":1,"total_tokens":710,"plugins":{"search":{"count":1,"strategy":"standard"}}}}""").Usage!;

        var plugins = Assert.IsAssignableFrom<IDictionary<string, object?>>(usage.Details["plugins"]);
        var search = Assert.IsAssignableFrom<IDictionary<string, object?>>(plugins["search"]);
        Assert.Equal(1L, search["count"]);
        Assert.Equal("standard", search["strategy"]);
        Assert.Equal(709L, usage.Details["input_tokens"]);
    }

    [Fact]
    public void Empty_usage_object_is_recognised_as_empty()
    {
        var chunk = Decode("""{"output":{"choices":[{"message":{"content":"","role":"assistant"},"finish_reason":"null"}]},"usage":{},"request_id":"x"}""");

        Assert.NotNull(chunk.Usage);
        Assert.True(GenerationChunkDecoder.IsEmpty(chunk.Usage!));
        Assert.False(GenerationChunkDecoder.IsEmpty(Decode("""{"usage":{"input_tokens":1}}""").Usage!));
    }

    [Fact]
    public void Error_payload_reads_code_message_and_request_id()
    {
        var chunk = Decode("""{"code":"InvalidParameter","message":"Role must be user or assistant and Content length must be greater than 0","request_id":"7671ecd8-93cc-9ee9-bc89-739f0fd8b809"}""");

        Assert.Equal("InvalidParameter", chunk.ErrorCode);
        Assert.Equal("Role must be user or assistant and Content length must be greater than 0", chunk.ErrorMessage);
        Assert.Equal("7671ecd8-93cc-9ee9-bc89-739f0fd8b809", chunk.RequestId);
        Assert.Null(chunk.Text);
    }

    [Fact]
    public void Error_payload_accepts_msg_as_message()
    {
        var chunk = Decode("""{"code":"Throttling","msg":"slow down","request_id":"r"}""");
        Assert.Equal("Throttling", chunk.ErrorCode);
        Assert.Equal("slow down", chunk.ErrorMessage);
    }

    [Fact]
    public void Empty_code_is_not_an_error()
    {
        var chunk = Decode("""{"code":"","output":{"text":"ok"}}""");
        Assert.Null(chunk.ErrorCode);
        Assert.Equal("ok", chunk.Text);
    }

    [Fact]
    public void Missing_or_odd_levels_give_an_empty_chunk_not_an_exception()
    {
        foreach (var json in new[]
                 {
                     "{}",
                     """{"output":null}""",
                     """{"output":{"choices":[]}}""",
                     """{"output":{"choices":[1]}}""",
                     """{"output":{"choices":[{"message":"text"}]}}""",
                     """{"output":{"choices":[{"message":{"content":null,"tool_calls":"x"}}]}}""",
                     """{"output":{"choices":[{"message":{"content":[1,"x",null,{"text":null}],"tool_calls":[1,{"function":"f"}]}}]}}""",
                     """{"usage":null,"output":{"text":null}}""",
                     """{"usage":{"input_tokens":"abc","output_tokens":1e300,"seconds":"x"}}""",
                 })
        {
            var chunk = Decode(json);
            Assert.Null(chunk.ErrorCode);
            Assert.Null(chunk.FinishReason);
        }
    }

    public static TheoryData<string> MalformedPayloads() => new()
    {
        """{"output":{"choices":[{"message":{"content":"broken""",
        "",
        " ",
        "not json",
        "{\"a\":1}}",
        "{\"a\":1} trailing",
        "{'a':1}",
        "[1,2,3]",
        "\"just a string\"",
        "42",
        "null",
        "true",
        string.Concat(Enumerable.Repeat("[", 100)) + string.Concat(Enumerable.Repeat("]", 100)),
        "{\"output\":{\"text\":\"a\u0001b\"}}",
    };

    [Theory]
    [MemberData(nameof(MalformedPayloads))]
    public void Malformed_json_is_a_protocol_error(string payload)
    {
        var error = Assert.Throws<DashScopeException>(() => Decode(payload));
        Assert.Equal(DashScopeErrorKind.Protocol, error.Kind);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public void Leading_bom_is_skipped()
    {
        var chunk = GenerationChunkDecoder.Decode([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("""{"output":{"text":"好"},"request_id":"r"}""")]);

        Assert.Equal("好", chunk.Text);
        Assert.Equal("r", chunk.RequestId);
    }

    [Fact]
    public void Protocol_error_quotes_a_short_preview_of_the_data()
    {
        var payload = "{\"output\":" + new string('x', 5000);
        var error = Assert.Throws<DashScopeException>(() => Decode(payload));
        Assert.Equal(DashScopeErrorKind.Protocol, error.Kind);
        Assert.Contains("{\"output\":xxx", error.Message);
        Assert.True(error.Message.Length < 1000, "the message quotes the whole payload: " + error.Message.Length + " characters");
    }

    [Theory]
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'o', (byte)'u', (byte)'t', (byte)'p', (byte)'u', (byte)'t', (byte)'"', (byte)':', (byte)'{', (byte)'"', (byte)'t', (byte)'e', (byte)'x', (byte)'t', (byte)'"', (byte)':', (byte)'"', 0xE6, 0x9D, (byte)'"', (byte)'}', (byte)'}' })]
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'r', (byte)'e', (byte)'q', (byte)'u', (byte)'e', (byte)'s', (byte)'t', (byte)'_', (byte)'i', (byte)'d', (byte)'"', (byte)':', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)'}' })]
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'c', (byte)'o', (byte)'d', (byte)'e', (byte)'"', (byte)':', (byte)'"', 0xC0, 0xAF, (byte)'"', (byte)'}' })]
    public void Invalid_utf8_inside_a_string_is_a_protocol_error_not_another_exception(byte[] payload)
    {
        // A broken proxy or a truncated multi-byte character: the decoder must still throw only DashScopeException.
        var error = Record.Exception(() => GenerationChunkDecoder.Decode(payload));
        var dashScope = Assert.IsType<DashScopeException>(error);
        Assert.Equal(DashScopeErrorKind.Protocol, dashScope.Kind);
    }

    [Fact]
    public void Decodes_every_event_of_every_recorded_generation_stream_without_error()
    {
        foreach (var name in TestPaths.SseRecordingNames.Where(n => n != "parameter-error-sse"))
        {
            foreach (var line in RecordedStream.DataLines(name))
            {
                var chunk = Decode(line);
                Assert.Null(chunk.ErrorCode);
            }
        }
    }

    [Fact]
    public void Several_choices_in_one_payload_are_the_chunk_and_its_further_choices()
    {
        var chunk = Decode("""{"output":{"choices":[{"finish_reason":"stop","index":0,"message":{"role":"assistant","content":"甲"}},{"finish_reason":"length","index":1,"message":{"role":"assistant","content":"乙","reasoning_content":"想"}}]},"request_id":"r"}""");

        Assert.Equal((0, "甲", "stop"), (chunk.ChoiceIndex, chunk.Text, chunk.FinishReason));
        var more = Assert.Single(chunk.MoreChoices!);
        Assert.Equal((1, "乙", "想", "length"), (more.ChoiceIndex, more.Text, more.Reasoning, more.FinishReason));
    }

    [Fact]
    public void A_streamed_event_of_a_later_choice_carries_its_index()
    {
        var chunk = Decode("""{"output":{"choices":[{"finish_reason":"null","index":2,"message":{"role":"assistant","content":"丙"}}]}}""");

        Assert.Equal((2, "丙"), (chunk.ChoiceIndex, chunk.Text));
        Assert.Null(chunk.FinishReason);
        Assert.Null(chunk.MoreChoices);
    }

    [Fact]
    public void Choices_without_an_index_take_their_position_and_the_output_finish_reason_stays_with_the_first()
    {
        var chunk = Decode("""{"output":{"finish_reason":"stop","choices":[{"message":{"content":"a"}},{"message":{"content":"b"}}]}}""");

        Assert.Equal((0, "stop"), (chunk.ChoiceIndex, chunk.FinishReason));
        Assert.Equal(1, chunk.MoreChoices![0].ChoiceIndex);
        Assert.Null(chunk.MoreChoices[0].FinishReason);
    }

    [Fact]
    public void Log_probabilities_are_read_per_token_with_bytes_and_alternatives()
    {
        var chunk = Decode("""{"output":{"choices":[{"finish_reason":"null","message":{"content":"你好"},"logprobs":{"content":[{"token":"你","logprob":-0.25,"bytes":[228,189,160],"top_logprobs":[{"token":"你","logprob":-0.25,"bytes":[228,189,160]},{"token":"您","logprob":-1.5,"bytes":[230,130,168]}]},{"token":"好","logprob":0,"bytes":[229,165,189],"top_logprobs":[]}]}}]}}""");

        var tokens = chunk.LogProbabilities!;
        Assert.Equal(["你", "好"], tokens.Select(token => token.Token));
        Assert.Equal(-0.25, tokens[0].LogProbability);
        Assert.Equal("你", Encoding.UTF8.GetString(tokens[0].Bytes));
        Assert.Equal(["你", "您"], tokens[0].TopAlternatives.Select(token => token.Token));
        Assert.Equal(Math.Exp(-1.5), tokens[0].TopAlternatives[1].Probability, 12);
        Assert.Empty(tokens[1].TopAlternatives);
        Assert.Equal(1.0, tokens[1].Probability);
    }

    [Fact]
    public void No_log_probabilities_asked_for_means_none_read()
    {
        Assert.Null(Decode("""{"output":{"choices":[{"message":{"content":"x"}}]}}""").LogProbabilities);
        Assert.Null(Decode("""{"output":{"choices":[{"message":{"content":"x"},"logprobs":null}]}}""").LogProbabilities);
    }

    [Fact]
    public void Code_interpreter_tool_info_is_read_as_code_runs()
    {
        var chunk = Decode("""{"output":{"choices":[{"message":{"content":""},"finish_reason":"null"}],"tool_info":[{"code_interpreter":{"code":"123**21","result":"77269364466549865653073473388030061522211723"},"type":"code_interpreter"}]}}""");

        var run = Assert.Single(chunk.CodeRuns!);
        Assert.Equal("code_interpreter", run.Type);
        Assert.Equal("123**21", run.Code);
        Assert.Equal("77269364466549865653073473388030061522211723", run.Result);
        Assert.Equal(["code_interpreter", "type"], run.Details.Keys.OrderBy(key => key, StringComparer.Ordinal));
        Assert.Equal("123**21", run.ToString());
    }

    [Fact]
    public void An_empty_tool_info_is_no_code_run()
    {
        Assert.Null(Decode("""{"output":{"choices":[{"message":{"content":""}}],"tool_info":[]}}""").CodeRuns);
    }
}
