using System.Text.Json;
using DashScope.Models;
using DashScope.Requests;
using Xunit;

namespace DashScope.Tests.Requests;

/// <summary>The OpenAI-compatible body (protocol-services.md §11) from the same ChatRequest the native builder takes.</summary>
public class CompatibleChatRequestBuilderTests
{
    private static JsonElement Body(ChatRequest request, bool stream = false, bool dashScope = true)
    {
        using var document = JsonDocument.Parse(CompatibleChatRequestBuilder.Build(request, stream, dashScope));
        return document.RootElement.Clone();
    }

    private static ChatRequest Ask(string prompt) => new() { Model = "qwen-plus", Messages = [new QwenChatMessage("user", prompt)], Prompt = prompt };

    [Fact]
    public void Parameters_are_top_level_members_beside_model_and_messages()
    {
        var body = Body(Ask("你好") with
        {
            Temperature = 0.7, TopP = 0.8, TopK = 20, Seed = 42, MaxTokens = 100, Stop = ["\n\n"], RepetitionPenalty = 1.05,
            PresencePenalty = 0.5, EnableThinking = false, ResponseFormat = "json_object", EnableSearch = true,
            SearchOptions = new Dictionary<string, object?> { ["forced_search"] = true },
        });

        JsonAssert.Equal(JsonDocument.Parse("""
            {"model":"qwen-plus","messages":[{"role":"user","content":"你好"}],"temperature":0.7,"top_p":0.8,"top_k":20,"seed":42,
             "max_tokens":100,"stop":["\n\n"],"repetition_penalty":1.05,"presence_penalty":0.5,"enable_thinking":false,
             "enable_search":true,"search_options":{"forced_search":true},"response_format":{"type":"json_object"}}
            """).RootElement, body);
    }

    [Fact]
    public void A_stream_asks_for_usage_in_its_last_chunk()
    {
        var body = Body(Ask("hi"), stream: true);

        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.True(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.False(body.TryGetProperty("incremental_output", out _));
    }

    [Fact]
    public void Additional_parameters_go_to_the_top_level_and_win_but_the_stream_flags_stay_the_clients()
    {
        var body = Body(Ask("hi") with
        {
            Temperature = 0.1,
            AdditionalParameters = new Dictionary<string, object?> { ["temperature"] = 0.9, ["n"] = 2, ["stream"] = true, ["result_format"] = "text" },
        });

        Assert.Equal(0.9, body.GetProperty("temperature").GetDouble());
        Assert.Equal(2, body.GetProperty("n").GetInt32());
        Assert.False(body.TryGetProperty("stream", out _));
        Assert.False(body.TryGetProperty("result_format", out _));
        JsonAssert.NoDuplicateMembers(body);
    }

    [Fact]
    public void A_conversation_with_tool_calls_and_tool_answers_is_written_the_OpenAI_way()
    {
        var call = new QwenToolCall { Index = 0, Id = "call_1", Name = "Get-Date", Arguments = "{}" };
        var body = Body(Ask("time?") with
        {
            Messages =
            [
                new QwenChatMessage("system", "Be brief."),
                new QwenChatMessage("user", "time?"),
                new QwenChatMessage("assistant", "") { ToolCalls = [call], ReasoningContent = "need a tool" },
                new QwenChatMessage("tool", "12:00") { ToolCallId = "call_1", Name = "Get-Date" },
            ],
            ToolChoice = "Get-Date",
            ParallelToolCalls = true,
        });

        var messages = body.GetProperty("messages");
        JsonAssert.Equal(JsonDocument.Parse("""
            {"role":"assistant","content":"","tool_calls":[{"id":"call_1","type":"function","function":{"name":"Get-Date","arguments":"{}"}}]}
            """).RootElement, messages[2]);
        JsonAssert.Equal(JsonDocument.Parse("""{"role":"tool","content":"12:00","tool_call_id":"call_1","name":"Get-Date"}""").RootElement, messages[3]);
        Assert.Equal("Get-Date", body.GetProperty("tool_choice").GetProperty("function").GetProperty("name").GetString());
        Assert.True(body.GetProperty("parallel_tool_calls").GetBoolean());
    }

    [Fact]
    public void Media_parts_become_image_url_input_audio_video_url_and_frame_lists()
    {
        var body = Body(Ask("describe") with
        {
            Model = "qwen3-omni-flash",
            Messages =
            [
                MessageComposer.System("Be brief.", asParts: true),
                new QwenChatMessage("user", "describe")
                {
                    Parts =
                    [
                        QwenContentPart.Image("https://x/a.png") ,
                        QwenContentPart.Audio("https://x/b.wav?sig=1"),
                        QwenContentPart.Audio("data:audio/mpeg;base64,AAAA"),
                        QwenContentPart.Video("https://x/c.mp4"),
                        QwenContentPart.VideoFrames(["https://x/1.jpg", "https://x/2.jpg"]),
                        QwenContentPart.FromText("describe"),
                    ],
                },
            ],
        });

        var messages = body.GetProperty("messages");
        Assert.Equal("Be brief.", messages[0].GetProperty("content").GetString());
        JsonAssert.Equal(JsonDocument.Parse("""
            [{"type":"image_url","image_url":{"url":"https://x/a.png"}},
             {"type":"input_audio","input_audio":{"data":"https://x/b.wav?sig=1","format":"wav"}},
             {"type":"input_audio","input_audio":{"data":"data:audio/mpeg;base64,AAAA","format":"mp3"}},
             {"type":"video_url","video_url":{"url":"https://x/c.mp4"}},
             {"type":"video","video":["https://x/1.jpg","https://x/2.jpg"]},
             {"type":"text","text":"describe"}]
            """).RootElement, messages[1].GetProperty("content"));
    }

    [Fact]
    public void Another_server_gets_thinking_through_the_chat_template_and_no_DashScope_only_members()
    {
        var body = Body(Ask("hi") with { EnableThinking = true, Messages = [new QwenChatMessage("assistant", "Sure") { Partial = true }] }, dashScope: false);

        Assert.False(body.TryGetProperty("enable_thinking", out _));
        Assert.True(body.GetProperty("chat_template_kwargs").GetProperty("enable_thinking").GetBoolean());
        Assert.False(body.GetProperty("messages")[0].TryGetProperty("partial", out _));
    }

    [Theory]
    [InlineData("search")]
    [InlineData("budget")]
    [InlineData("ocr")]
    public void DashScope_only_features_fail_for_another_server(string feature)
    {
        var request = feature switch
        {
            "search" => Ask("hi") with { EnableSearch = true },
            "budget" => Ask("hi") with { EnableThinking = true, ThinkingBudget = 100 },
            _ => Ask("hi") with { Ocr = new OcrOptions() },
        };

        var failure = Assert.Throws<DashScopeException>(() => CompatibleChatRequestBuilder.Build(request, stream: true, dashScope: false));
        Assert.Equal(DashScopeErrorKind.InvalidInput, failure.Kind);
        Assert.Contains("DashScope feature", failure.Message);
    }

    [Fact]
    public void The_native_validation_applies()
    {
        var failure = Assert.Throws<DashScopeException>(() => CompatibleChatRequestBuilder.Build(Ask("hi") with { Model = " " }, stream: false));
        Assert.Equal(DashScopeErrorKind.InvalidInput, failure.Kind);
    }
}
