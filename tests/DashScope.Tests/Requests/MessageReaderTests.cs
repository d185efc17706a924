using System.Text.Json;
using DashScope.Models;
using DashScope.Requests;
using Xunit;

namespace DashScope.Tests.Requests;

/// <summary>Messages given as plain values (hashtables, objects' properties, deserialized History items) read with every field.</summary>
public class MessageReaderTests
{
    private static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries) =>
        entries.ToDictionary(entry => entry.Key, entry => entry.Value);

    /// <summary>The message as the request body writes it (text endpoint unless a model of the multimodal one is given).</summary>
    private static string Wire(QwenChatMessage message, string model = "qwen-plus")
    {
        var body = ChatRequestBuilder.Build(new ChatRequest { Model = model, Messages = [message] }, stream: false);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("input").GetProperty("messages")[0].GetRawText();
    }

    [Fact]
    public void Reads_every_field_by_its_wire_name()
    {
        var message = MessageReader.Read(Map(
            ("role", "assistant"),
            ("content", "Let me look."),
            ("reasoning_content", "The user wants the weather."),
            ("tool_calls", new List<object?>
            {
                Map(("id", "call_1"), ("type", "function"), ("index", 0), ("function", Map(("name", "get_weather"), ("arguments", """{"city":"杭州"}""")))),
            }),
            ("name", "helper"),
            ("partial", true)));

        Assert.Equal("assistant", message.Role);
        Assert.Equal("Let me look.", message.Content);
        Assert.Equal("The user wants the weather.", message.ReasoningContent);
        Assert.Equal("helper", message.Name);
        Assert.True(message.Partial);
        var call = Assert.Single(message.ToolCalls!);
        Assert.Equal(("call_1", "function", 0, "get_weather", """{"city":"杭州"}"""), (call.Id, call.Type, call.Index, call.Name, call.Arguments));
        Assert.Equal(
            """{"role":"assistant","content":"Let me look.","reasoning_content":"The user wants the weather.","tool_calls":[{"id":"call_1","type":"function","index":0,"function":{"name":"get_weather","arguments":"{\"city\":\"杭州\"}"}}],"name":"helper","partial":true}""",
            Wire(message));
    }

    [Fact]
    public void Reads_the_property_names_a_result_history_has()
    {
        // QwenChatMessage and QwenToolCall as ConvertTo-Json / Export-Clixml give them back: property names, flat tool calls.
        var message = MessageReader.Read(Map(
            ("Role", "Assistant"),
            ("Content", ""),
            ("ReasoningContent", "思考"),
            ("ToolCalls", new List<object?> { Map(("Index", 1), ("Id", "call_2"), ("Type", "function"), ("Name", "get_time"), ("Arguments", "{}")) }),
            ("ToolCallId", null),
            ("Name", null),
            ("Partial", false),
            ("Parts", null)));

        Assert.Equal("assistant", message.Role);
        Assert.Equal("思考", message.ReasoningContent);
        var call = Assert.Single(message.ToolCalls!);
        Assert.Equal((1, "call_2", "get_time", "{}"), (call.Index, call.Id, call.Name, call.Arguments));
        Assert.False(message.Partial);
        Assert.Null(message.Parts);
    }

    [Fact]
    public void A_tool_message_keeps_its_call_id_and_name()
    {
        var message = MessageReader.Read(Map(("role", "tool"), ("content", "21 °C"), ("tool_call_id", "call_1"), ("name", "get_weather")));
        Assert.Equal("""{"role":"tool","content":"21 °C","tool_call_id":"call_1","name":"get_weather"}""", Wire(message));
    }

    [Fact]
    public void Tool_call_arguments_given_as_a_map_become_json_text()
    {
        var message = MessageReader.Read(Map(
            ("role", "assistant"),
            ("tool_calls", new List<object?> { Map(("id", "c"), ("function", Map(("name", "f"), ("arguments", Map(("city", "杭州"), ("days", 3)))))) })));

        var call = Assert.Single(message.ToolCalls!);
        Assert.Equal("function", call.Type);
        Assert.Equal(0, call.Index);
        using var arguments = JsonDocument.Parse(call.Arguments);
        Assert.Equal("杭州", arguments.RootElement.GetProperty("city").GetString());
        Assert.Equal(3, arguments.RootElement.GetProperty("days").GetInt32());
    }

    [Fact]
    public void Content_as_text_parts_is_the_joined_string_on_the_text_endpoint()
    {
        var message = MessageReader.Read(Map(("role", "user"), ("content", new List<object?> { Map(("text", "Weather in ")), "Hangzhou?" })));

        Assert.Equal("Weather in Hangzhou?", message.Content);
        Assert.Null(message.Parts);
        Assert.Equal("""{"role":"user","content":"Weather in Hangzhou?"}""", Wire(message));
    }

    [Fact]
    public void Content_with_media_parts_goes_out_as_those_parts()
    {
        var message = MessageReader.Read(Map(("role", "user"), ("content", new List<object?>
        {
            Map(("image", "https://x/a.png"), ("min_pixels", 3136), ("max_pixels", 1003520)),
            Map(("video", new List<object?> { "https://x/1.jpg", "https://x/2.jpg" }), ("fps", 2)),
            Map(("audio", "https://x/a.wav")),
            Map(("text", "What is this?")),
        })));

        Assert.Equal("What is this?", message.Content);
        Assert.Equal(["image", "video", "audio", "text"], message.Parts!.Select(part => part.Type));
        Assert.Equal(
            """{"role":"user","content":[{"image":"https://x/a.png","min_pixels":3136,"max_pixels":1003520},{"video":["https://x/1.jpg","https://x/2.jpg"],"fps":2},{"audio":"https://x/a.wav"},{"text":"What is this?"}]}""",
            Wire(message, "qwen-vl-max"));
    }

    [Fact]
    public void Parts_in_the_shape_of_a_result_history_go_out_as_they_came()
    {
        // QwenContentPart's own properties, as a deserialized History holds them (a type in any case).
        var message = MessageReader.Read(Map(
            ("Role", "user"),
            ("Content", "What is this?"),
            ("Parts", new List<object?>
            {
                Map(("Type", "image"), ("Text", null), ("Url", "https://x/a.png"), ("Frames", null), ("Source", "./a.png"), ("MinPixels", null), ("MaxPixels", 1003520), ("EnableRotate", true), ("Fps", null)),
                Map(("Type", "Video"), ("Text", null), ("Url", null), ("Frames", new List<object?> { "https://x/1.jpg", "https://x/2.jpg" }), ("Fps", 2.0)),
                Map(("Type", "text"), ("Text", "What is this?"), ("Url", null)),
            })));

        Assert.Equal("./a.png", message.Parts![0].Source);
        Assert.Equal(
            """{"role":"user","content":[{"image":"https://x/a.png","max_pixels":1003520,"enable_rotate":true},{"video":["https://x/1.jpg","https://x/2.jpg"],"fps":2},{"text":"What is this?"}]}""",
            Wire(message, "qwen-vl-max"));
    }

    [Fact]
    public void A_message_read_back_from_its_own_properties_writes_the_same_bytes()
    {
        var original = new QwenChatMessage("assistant", "")
        {
            ReasoningContent = "先查天气。",
            ToolCalls = [new QwenToolCall { Index = 0, Id = "call_1", Name = "get_weather", Arguments = """{"city":"杭州"}""" }],
        };
        var properties = typeof(QwenChatMessage).GetProperties().ToDictionary(p => p.Name, p => p.GetValue(original));
        properties["ToolCalls"] = original.ToolCalls.Select(call => (object?)typeof(QwenToolCall).GetProperties().ToDictionary(p => p.Name, p => p.GetValue(call))).ToList();

        Assert.Equal(Wire(original), Wire(MessageReader.Read(properties)));
    }

    [Theory]
    [InlineData("robot")]
    [InlineData(null)]
    public void An_unknown_or_missing_role_is_invalid_input_naming_the_roles(string? role)
    {
        var error = Assert.Throws<DashScopeException>(() => MessageReader.Read(Map(("role", role), ("content", "hi"))));
        Assert.Equal(DashScopeErrorKind.InvalidInput, error.Kind);
        Assert.Contains("system, user, assistant or tool", error.Message);
    }

    [Fact]
    public void A_part_that_is_neither_text_nor_media_is_invalid_input()
    {
        var error = Assert.Throws<DashScopeException>(() => MessageReader.Read(Map(("role", "user"), ("content", new List<object?> { Map(("colour", "red")) }))));
        Assert.Equal(DashScopeErrorKind.InvalidInput, error.Kind);
        Assert.Contains("text, image, video or audio", error.Message);
    }

    [Fact]
    public void A_tool_call_that_is_not_a_map_is_invalid_input()
    {
        // What Export-Clixml leaves of a tool call nested too deep: its ToString().
        var error = Assert.Throws<DashScopeException>(() => MessageReader.Read(Map(("role", "assistant"), ("tool_calls", new List<object?> { "get_weather({})" }))));
        Assert.Equal(DashScopeErrorKind.InvalidInput, error.Kind);
    }
}
