using System.Text;
using System.Text.Json;
using DashScope.Models;
using DashScope.Streaming;
using Xunit;

namespace DashScope.Tests.Streaming;

public class ChatAccumulatorTests
{
    private static readonly IReadOnlyList<QwenChatMessage> Question = [new QwenChatMessage("user", "请问 1+1 是多少？")];

    /// <summary>Runs a recording through the product's whole streaming path: SseParser, decoder, accumulator.</summary>
    private static (ChatAccumulator Accumulator, List<GenerationChunk> Chunks) Accumulate(string name)
    {
        var events = SseParserTests.Parse(TestPaths.ResponseBody(name));
        var accumulator = new ChatAccumulator();
        var chunks = new List<GenerationChunk>();
        foreach (var sseEvent in events)
        {
            Assert.False(sseEvent.IsError);
            var chunk = GenerationChunkDecoder.Decode(sseEvent.Data);
            chunks.Add(chunk);
            accumulator.Add(chunk);
        }
        return (accumulator, chunks);
    }

    private static void AssertUsageIsTheLastEvents(string name, QwenUsage? usage)
    {
        Assert.NotNull(usage);
        var expected = RecordedStream.LastUsage(name);
        Assert.Equal(expected.GetProperty("input_tokens").GetInt32(), usage!.InputTokens);
        Assert.Equal(expected.GetProperty("output_tokens").GetInt32(), usage.OutputTokens);
        Assert.Equal(expected.GetProperty("total_tokens").GetInt32(), usage.TotalTokens);
        if (expected.TryGetProperty("output_tokens_details", out var details) && details.TryGetProperty("reasoning_tokens", out var reasoning))
            Assert.Equal(reasoning.GetInt32(), usage.ReasoningTokens);
        Assert.Equal(expected.EnumerateObject().Select(p => p.Name).OrderBy(n => n), usage.Details.Keys.OrderBy(n => n));
    }

    private static string LastFinishReason(string name)
    {
        using var document = JsonDocument.Parse(RecordedStream.DataLines(name)[^1]);
        var output = document.RootElement.GetProperty("output");
        return output.TryGetProperty("choices", out var choices)
            ? choices[0].GetProperty("finish_reason").GetString()!
            : output.GetProperty("finish_reason").GetString()!;
    }

    [Theory]
    [InlineData("single-generation-message-sse", "1+1 等于 2。这是最基本的数学加法之一，在十进制计数体系中，任何情况下 1 加上另一个 1 的结果都是 2。", 10)]
    [InlineData("conversation-generation-message-sse", "您刚才提到的数字是42。", 6)]
    [InlineData("single-generation-text-sse", "1+1等于2。", 5)]
    public void Text_is_the_concatenation_of_the_recorded_fragments(string name, string expectedText, int events)
    {
        var (accumulator, chunks) = Accumulate(name);
        var result = accumulator.ToResult("qwen-max", Question, completed: true);

        Assert.Equal(events, chunks.Count);
        Assert.Equal(events, accumulator.ChunkCount);
        Assert.Equal(RecordedStream.ConcatenatedText(name), result.Text);
        Assert.Equal(expectedText, result.Text);
        Assert.Equal(expectedText.Length, accumulator.TextLength);
        Assert.Equal("stop", result.FinishReason);
        Assert.Equal(LastFinishReason(name), result.FinishReason);
        AssertUsageIsTheLastEvents(name, result.Usage);
        Assert.Null(result.Reasoning);
        Assert.Empty(result.ToolCalls);
        Assert.True(result.Completed);
        Assert.Equal("qwen-max", result.Model);
    }

    [Fact]
    public void Finish_reason_is_null_until_the_last_event()
    {
        var (_, chunks) = Accumulate("single-generation-message-sse");

        Assert.All(chunks.Take(chunks.Count - 1), c => Assert.Null(c.FinishReason));
        Assert.Equal("stop", chunks[^1].FinishReason);

        var partial = new ChatAccumulator();
        foreach (var chunk in chunks.Take(chunks.Count - 1)) partial.Add(chunk);
        Assert.Null(partial.ToResult("qwen-max", Question, completed: false).FinishReason);
    }

    [Fact]
    public void Request_id_is_the_first_events()
    {
        var (accumulator, _) = Accumulate("single-generation-message-sse");
        Assert.Equal("d272255f-82d7-9cc7-93c5-17ff77024349", accumulator.RequestId);
        Assert.Equal("d272255f-82d7-9cc7-93c5-17ff77024349", accumulator.ToResult("m", Question, true).RequestId);
    }

    [Fact]
    public void Reasoning_stream_keeps_reasoning_apart_from_the_answer()
    {
        const string name = "single-generation-message-reasoning-sse";
        var (accumulator, _) = Accumulate(name);
        var result = accumulator.ToResult("qwen-plus-latest", Question, completed: true);

        var expectedReasoning = RecordedStream.ConcatenatedReasoning(name);
        var expectedText = RecordedStream.ConcatenatedText(name);
        Assert.NotEmpty(expectedReasoning);
        Assert.StartsWith("嗯，", expectedReasoning);
        Assert.EndsWith("！😊", expectedText);
        Assert.Equal(expectedReasoning, result.Reasoning);
        Assert.Equal(expectedText, result.Text);
        Assert.DoesNotContain(expectedReasoning, result.Text);
        Assert.Equal("stop", result.FinishReason);
        AssertUsageIsTheLastEvents(name, result.Usage);
        Assert.Equal(10, result.Usage!.ReasoningTokens);

        var answer = result.History[^1];
        Assert.Equal("assistant", answer.Role);
        Assert.Equal(expectedText, answer.Content);
        Assert.Equal(expectedReasoning, answer.ReasoningContent);
    }

    [Fact]
    public void Parallel_tool_call_fragments_merge_by_index()
    {
        const string name = "single-generation-message-with-parallel-tools-sse";
        var (accumulator, _) = Accumulate(name);
        var result = accumulator.ToResult("qwen-plus", [new QwenChatMessage("user", "杭州和上海的天气")], completed: true);

        Assert.Equal("tool_calls", result.FinishReason);
        Assert.Equal("", result.Text);
        Assert.Equal(2, result.ToolCalls.Count);

        var hangzhou = result.ToolCalls[0];
        Assert.Equal(0, hangzhou.Index);
        Assert.Equal("call_29a870e7106f45deb8add3", hangzhou.Id);
        Assert.Equal("function", hangzhou.Type);
        Assert.Equal("get_current_weather", hangzhou.Name);
        Assert.Equal("{\"location\": \"浙江省杭州市\"}", hangzhou.Arguments);
        using (var arguments = JsonDocument.Parse(hangzhou.Arguments))
            Assert.Equal("浙江省杭州市", arguments.RootElement.GetProperty("location").GetString());

        var shanghai = result.ToolCalls[1];
        Assert.Equal(1, shanghai.Index);
        Assert.Equal("call_026e44bb31a74266949a20", shanghai.Id);
        Assert.Equal("get_current_weather", shanghai.Name);
        Assert.Equal("{\"location\": \"上海市\"}", shanghai.Arguments);
        using (var arguments = JsonDocument.Parse(shanghai.Arguments))
            Assert.Equal("上海市", arguments.RootElement.GetProperty("location").GetString());

        AssertUsageIsTheLastEvents(name, result.Usage);
        Assert.Equal(0, result.Usage!.CachedTokens);

        // The history's assistant message carries the merged calls, ready to be sent back with the tool results.
        var answer = result.History[^1];
        Assert.Equal(2, result.History.Count);
        Assert.Equal(2, answer.ToolCalls!.Count);
        Assert.Equal("call_026e44bb31a74266949a20", answer.ToolCalls[1].Id);
    }

    [Fact]
    public void Multimodal_thinking_then_parallel_function_call_fragments_merge()
    {
        const string name = "multimodal-generation-message-with-parallel-function-call-sse";
        var (accumulator, _) = Accumulate(name);
        var result = accumulator.ToResult("qwen3.6-plus", Question, completed: true);

        Assert.Equal("tool_calls", result.FinishReason);
        Assert.Equal("", result.Text);
        Assert.Equal(RecordedStream.ConcatenatedReasoning(name), result.Reasoning);
        Assert.StartsWith("用户现在需要先获取杭州和上海现在的天气", result.Reasoning);

        Assert.Equal(2, result.ToolCalls.Count);
        Assert.Equal("call_aa99ad078f294a3d81da41d7", result.ToolCalls[0].Id);
        Assert.Equal("get_current_weather", result.ToolCalls[0].Name);
        Assert.Equal("{\"location\": \"浙江省杭州市\"}", result.ToolCalls[0].Arguments);
        Assert.Equal("call_aa8b6311567847e197e6ca7f", result.ToolCalls[1].Id);
        Assert.Equal("get_current_weather", result.ToolCalls[1].Name);
        Assert.Equal("{\"location\": \"上海市\"}", result.ToolCalls[1].Arguments);
        foreach (var call in result.ToolCalls)
        {
            using var arguments = JsonDocument.Parse(call.Arguments);
            Assert.Equal(JsonValueKind.String, arguments.RootElement.GetProperty("location").ValueKind);
        }

        AssertUsageIsTheLastEvents(name, result.Usage);
        Assert.Equal(2503, result.Usage!.ImageTokens);
        Assert.Null(result.Usage.CachedTokens);
    }

    [Fact]
    public void Search_stream_empty_first_usage_does_not_replace_real_usage()
    {
        const string name = "single-generation-message-search-sse";
        var (accumulator, chunks) = Accumulate(name);

        Assert.True(GenerationChunkDecoder.IsEmpty(chunks[0].Usage!));
        var result = accumulator.ToResult("qwen-plus", [new QwenChatMessage("user", "杭州明天的天气")], completed: true);

        Assert.Equal(RecordedStream.ConcatenatedText(name), result.Text);
        Assert.StartsWith("根据", result.Text);
        Assert.Equal("stop", result.FinishReason);
        AssertUsageIsTheLastEvents(name, result.Usage);
        Assert.Equal(810, result.Usage!.TotalTokens);
        Assert.Equal("ed54a8da-a598-4a20-a849-3e0bc0ea3d4b", result.RequestId);
    }

    [Fact]
    public void Empty_usage_after_real_usage_keeps_the_real_one_and_alone_leaves_usage_null()
    {
        var accumulator = new ChatAccumulator();
        accumulator.Add(GenerationChunkDecoder.Decode(Encoding.UTF8.GetBytes("""{"output":{"text":"a"},"usage":{}}""")));
        Assert.Null(accumulator.Usage);

        accumulator.Add(GenerationChunkDecoder.Decode(Encoding.UTF8.GetBytes("""{"output":{"text":"b"},"usage":{"input_tokens":5,"output_tokens":2,"total_tokens":7}}""")));
        accumulator.Add(GenerationChunkDecoder.Decode(Encoding.UTF8.GetBytes("""{"output":{"text":"c"},"usage":{}}""")));
        accumulator.Add(GenerationChunkDecoder.Decode(Encoding.UTF8.GetBytes("""{"output":{"text":"d"}}""")));

        Assert.Equal(7, accumulator.Usage!.TotalTokens);
        Assert.Equal("abcd", accumulator.ToResult("m", Question, true).Text);
    }

    [Fact]
    public void Later_fragments_never_overwrite_the_first_id_type_or_name()
    {
        var accumulator = new ChatAccumulator();
        accumulator.Add(new GenerationChunk { ToolCalls = [new ToolCallFragment { Index = 3, Id = "call_1", Type = "function", Name = "f", Arguments = "{\"a\":" }] });
        accumulator.Add(new GenerationChunk { ToolCalls = [new ToolCallFragment { Index = 3, Id = "call_other", Type = "x", Name = "g", Arguments = "1" }] });
        accumulator.Add(new GenerationChunk { ToolCalls = [new ToolCallFragment { Index = 3, Id = "", Arguments = null }] });
        accumulator.Add(new GenerationChunk { ToolCalls = [new ToolCallFragment { Index = 3, Arguments = "}" }] });

        var call = Assert.Single(accumulator.ToResult("m", Question, true).ToolCalls);
        Assert.Equal(3, call.Index);
        Assert.Equal("call_1", call.Id);
        Assert.Equal("function", call.Type);
        Assert.Equal("f", call.Name);
        Assert.Equal("{\"a\":1}", call.Arguments);
    }

    [Fact]
    public void Id_and_name_arriving_after_an_empty_first_fragment_are_taken()
    {
        var accumulator = new ChatAccumulator();
        accumulator.Add(new GenerationChunk { ToolCalls = [new ToolCallFragment { Index = 0, Id = "", Arguments = "" }] });
        accumulator.Add(new GenerationChunk { ToolCalls = [new ToolCallFragment { Index = 0, Id = "call_late", Name = "late", Arguments = "{}" }] });

        var call = Assert.Single(accumulator.ToResult("m", Question, true).ToolCalls);
        Assert.Equal("call_late", call.Id);
        Assert.Equal("late", call.Name);
        Assert.Equal("function", call.Type);
        Assert.Equal("{}", call.Arguments);
    }

    [Fact]
    public void Tool_calls_are_ordered_by_index_whatever_the_arrival_order()
    {
        var accumulator = new ChatAccumulator();
        accumulator.Add(new GenerationChunk { ToolCalls = [new ToolCallFragment { Index = 2, Id = "c", Name = "n", Arguments = "{}" }] });
        accumulator.Add(new GenerationChunk { ToolCalls = [new ToolCallFragment { Index = 0, Id = "a", Name = "n", Arguments = "{}" }] });
        accumulator.Add(new GenerationChunk { ToolCalls = [new ToolCallFragment { Index = 1, Id = "b", Name = "n", Arguments = "{}" }] });

        Assert.Equal(["a", "b", "c"], accumulator.ToResult("m", Question, true).ToolCalls.Select(c => c.Id));
    }

    [Fact]
    public void History_is_a_copy_of_the_conversation_plus_the_answer()
    {
        var conversation = new List<QwenChatMessage>
        {
            new("system", "You are terse."),
            new("user", "现在请你记住一个数字，42"),
            new("assistant", "好的，我已经记住了这个数字。"),
            new("user", "请问我刚才提到的数字是多少？"),
        };
        var (accumulator, _) = Accumulate("conversation-generation-message-sse");

        var result = accumulator.ToResult("qwen-max", conversation, completed: true);

        Assert.Equal(4, conversation.Count);
        Assert.Equal(5, result.History.Count);
        Assert.Equal(conversation, result.History.Take(4));
        Assert.Equal("assistant", result.History[4].Role);
        Assert.Equal("您刚才提到的数字是42。", result.History[4].Content);
        Assert.Null(result.History[4].ToolCalls);
    }

    [Fact]
    public void Partial_result_says_not_completed()
    {
        var (_, chunks) = Accumulate("single-generation-text-sse");
        var accumulator = new ChatAccumulator();
        foreach (var chunk in chunks.Take(3)) accumulator.Add(chunk);

        var result = accumulator.ToResult("qwen-max", Question, completed: false);

        Assert.False(result.Completed);
        Assert.Equal("1+1等于", result.Text);
        Assert.Null(result.FinishReason);
        Assert.Equal(20, result.Usage!.TotalTokens);
    }

    [Theory]
    [InlineData("multimodal-generation-vl-sse")]
    [InlineData("multimodal-generation-audio-sse")]
    [InlineData("multimodal-generation-vl-video-sse")]
    [InlineData("multimodal-generation-message-with-tools-sse")]
    [InlineData("single-generation-message-with-tools-sse")]
    [InlineData("single-generation-message-with-code-interpreter-sse")]
    [InlineData("conversation-generation-message-with-files-sse")]
    [InlineData("conversation-generation-message-with-doc-url-sse")]
    [InlineData("multimodal-generation-vl-ocr-sse")]
    [InlineData("multimodal-generation-audio-caption-sse")]
    public void Other_recorded_streams_accumulate_to_the_concatenated_text_and_the_last_usage(string name)
    {
        var (accumulator, _) = Accumulate(name);
        var result = accumulator.ToResult("m", Question, completed: true);

        Assert.Equal(RecordedStream.ConcatenatedText(name), result.Text);
        Assert.NotEmpty(result.Text);
        var reasoning = RecordedStream.ConcatenatedReasoning(name);
        Assert.Equal(reasoning.Length == 0 ? null : reasoning, result.Reasoning);
        Assert.Equal(LastFinishReason(name), result.FinishReason);

        var expected = RecordedStream.LastUsage(name);
        Assert.Equal(expected.TryGetProperty("output_tokens", out var output) ? output.GetInt32() : null, result.Usage!.OutputTokens);
        Assert.Equal(expected.TryGetProperty("input_tokens", out var input) ? input.GetInt32() : null, result.Usage.InputTokens);
    }

    /// <summary>One streamed event of choice <paramref name="index"/> (n &gt; 1): its new text, finish reason and cumulative usage.</summary>
    private static GenerationChunk ChoiceEvent(int index, string text, string finish, int outputTokens, string? logToken = null) =>
        GenerationChunkDecoder.Decode(Encoding.UTF8.GetBytes(
            "{\"output\":{\"choices\":[{\"index\":" + index + ",\"finish_reason\":\"" + finish + "\",\"message\":{\"role\":\"assistant\",\"content\":" +
            JsonSerializer.Serialize(text) + "}" +
            (logToken == null ? "" : ",\"logprobs\":{\"content\":[{\"token\":" + JsonSerializer.Serialize(logToken) + ",\"logprob\":-0.5,\"bytes\":[]}]}") +
            "}]},\"usage\":{\"input_tokens\":10,\"output_tokens\":" + outputTokens + ",\"total_tokens\":" + (10 + outputTokens) + "},\"request_id\":\"r\"}"));

    [Fact]
    public void Several_choices_of_a_whole_answer_are_kept_apart_the_first_being_the_text()
    {
        const string name = "single-generation-message-roleplay-nosse";
        var accumulator = new ChatAccumulator();
        accumulator.Add(GenerationChunkDecoder.Decode(TestPaths.ResponseBody(name)));
        var result = accumulator.ToResult("qwen-plus-character", Question, completed: true);

        using var recorded = JsonDocument.Parse(Encoding.UTF8.GetString(TestPaths.ResponseBody(name)).TrimStart('\uFEFF'));
        var choices = recorded.RootElement.GetProperty("output").GetProperty("choices");
        Assert.Equal(2, result.Choices.Count);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(i, result.Choices[i].Index);
            Assert.Equal(choices[i].GetProperty("message").GetProperty("content").GetString(), result.Choices[i].Text);
            Assert.Equal("stop", result.Choices[i].FinishReason);
        }
        Assert.NotEqual(result.Choices[0].Text, result.Choices[1].Text);
        Assert.Equal(result.Choices[0].Text, result.Text);
        Assert.Equal(result.Choices[0].Text, result.History[^1].Content);
        Assert.Equal(2, result.History.Count);
        Assert.Equal((186, 83, 269), (result.Usage!.InputTokens, result.Usage.OutputTokens, result.Usage.TotalTokens));
    }

    [Fact]
    public void One_answer_is_one_choice()
    {
        var (accumulator, _) = Accumulate("single-generation-message-sse");
        var result = accumulator.ToResult("qwen-max", Question, completed: true);

        var choice = Assert.Single(result.Choices);
        Assert.Equal((0, result.Text, "stop"), (choice.Index, choice.Text, choice.FinishReason));
        Assert.Empty(result.LogProbabilities);
        Assert.Empty(result.CodeRuns);
    }

    [Fact]
    public void Streamed_choices_taking_turns_never_mix_and_their_outputs_add_up()
    {
        var accumulator = new ChatAccumulator();
        accumulator.Add(ChoiceEvent(0, "Hel", "null", 1));
        accumulator.Add(ChoiceEvent(1, "Bon", "null", 1));
        accumulator.Add(ChoiceEvent(0, "lo", "null", 2));
        accumulator.Add(ChoiceEvent(1, "jour", "null", 2));
        accumulator.Add(ChoiceEvent(1, "!", "null", 3));
        accumulator.Add(ChoiceEvent(0, "", "stop", 2));
        accumulator.Add(ChoiceEvent(1, "", "length", 3));
        var result = accumulator.ToResult("qwen-plus", Question, completed: true);

        Assert.Equal(["Hello", "Bonjour!"], result.Choices.Select(choice => choice.Text));
        Assert.Equal(["stop", "length"], result.Choices.Select(choice => choice.FinishReason));
        Assert.Equal(("Hello", "stop"), (result.Text, result.FinishReason));
        Assert.Equal((10, 5, 15), (result.Usage!.InputTokens, result.Usage.OutputTokens, result.Usage.TotalTokens));
    }

    [Fact]
    public void Streamed_choices_one_after_the_other_add_up_their_outputs_too()
    {
        var accumulator = new ChatAccumulator();
        accumulator.Add(ChoiceEvent(0, "Hel", "null", 1));
        accumulator.Add(ChoiceEvent(0, "lo", "null", 2));
        accumulator.Add(ChoiceEvent(0, "", "stop", 2));
        accumulator.Add(ChoiceEvent(1, "Bon", "null", 1));
        accumulator.Add(ChoiceEvent(1, "jour", "null", 2));
        accumulator.Add(ChoiceEvent(1, "", "stop", 2));
        var result = accumulator.ToResult("qwen-plus", Question, completed: true);

        Assert.Equal(["Hello", "Bonjour"], result.Choices.Select(choice => choice.Text));
        Assert.Equal((10, 4, 14), (result.Usage!.InputTokens, result.Usage.OutputTokens, result.Usage.TotalTokens));
    }

    [Fact]
    public void Log_probabilities_of_a_whole_answer_are_read_with_bytes_and_alternatives()
    {
        const string name = "single-generation-message-logprobs-nosse";
        var accumulator = new ChatAccumulator();
        accumulator.Add(GenerationChunkDecoder.Decode(TestPaths.ResponseBody(name)));
        var result = accumulator.ToResult("qwen-max", Question, completed: true);

        Assert.Equal("2", result.Text);
        var token = Assert.Single(result.LogProbabilities);
        Assert.Equal("2", token.Token);
        Assert.Equal(0.0, token.LogProbability);
        Assert.Equal(1.0, token.Probability);
        Assert.Equal([(byte)'2'], token.Bytes);
        var alternative = Assert.Single(token.TopAlternatives);
        Assert.Equal(("2", 0.0), (alternative.Token, alternative.LogProbability));
        Assert.Equal([(byte)50], alternative.Bytes);
        Assert.Same(token, Assert.Single(result.Choices[0].LogProbabilities));
    }

    [Fact]
    public void Streamed_log_probabilities_follow_each_choice_in_order()
    {
        var accumulator = new ChatAccumulator();
        accumulator.Add(ChoiceEvent(0, "Hel", "null", 1, "Hel"));
        accumulator.Add(ChoiceEvent(1, "Bon", "null", 1, "Bon"));
        accumulator.Add(ChoiceEvent(0, "lo", "null", 2, "lo"));
        accumulator.Add(ChoiceEvent(1, "jour", "null", 2, "jour"));
        accumulator.Add(ChoiceEvent(0, "", "stop", 2));
        var result = accumulator.ToResult("qwen-plus", Question, completed: true);

        Assert.Equal(["Hel", "lo"], result.LogProbabilities.Select(token => token.Token));
        Assert.Equal(["Hel", "lo"], result.Choices[0].LogProbabilities.Select(token => token.Token));
        Assert.Equal(["Bon", "jour"], result.Choices[1].LogProbabilities.Select(token => token.Token));
        Assert.All(result.LogProbabilities, token => Assert.Equal(Math.Exp(-0.5), token.Probability, 12));
    }

    [Fact]
    public void Code_runs_repeated_on_every_later_event_are_reported_once()
    {
        const string name = "single-generation-message-with-code-interpreter-sse";
        var accumulator = new ChatAccumulator();
        var reported = new List<(int Event, List<QwenCodeRun> Runs)>();
        var position = 0;
        foreach (var line in RecordedStream.DataLines(name))
        {
            var runs = accumulator.Add(GenerationChunkDecoder.Decode(Encoding.UTF8.GetBytes(line)));
            if (runs != null) reported.Add((position, runs));
            position++;
        }
        var result = accumulator.ToResult("qwen3-max-preview", Question, completed: true);

        var firstWithToolInfo = RecordedStream.DataLines(name).ToList().FindIndex(line => line.Contains("\"tool_info\""));
        Assert.True(firstWithToolInfo > 0);
        var (at, first) = Assert.Single(reported);
        Assert.Equal(firstWithToolInfo, at);
        var run = Assert.Single(first);
        Assert.Equal(("code_interpreter", "123**21"), (run.Type, run.Code));
        Assert.Null(run.Result);
        Assert.Equal("123**21", ((IDictionary<string, object?>)run.Details["code_interpreter"]!)["code"]);
        Assert.Same(run, Assert.Single(result.CodeRuns));
        Assert.Equal(RecordedStream.ConcatenatedText(name), result.Text);
        Assert.Contains("77269364466549865653073473388030061522211723", result.Text);
        Assert.Equal(RecordedStream.ConcatenatedReasoning(name), result.Reasoning);
        AssertUsageIsTheLastEvents(name, result.Usage);
    }
}
