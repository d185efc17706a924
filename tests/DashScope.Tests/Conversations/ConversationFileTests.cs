using System.Text;
using System.Text.Json;
using DashScope.Conversations;
using DashScope.Models;
using Xunit;

namespace DashScope.Tests.Conversations;

public sealed class ConversationFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("conversation-file-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static List<QwenChatMessage> Sample() =>
    [
        new QwenChatMessage("system", "用中文回答。"),
        new QwenChatMessage("user", "天气怎么样？"),
        new QwenChatMessage("assistant", "") { ReasoningContent = "需要查天气", ToolCalls = [new QwenToolCall { Id = "call_1", Name = "Get-Weather", Arguments = "{\"City\":\"杭州\"}" }] },
        new QwenChatMessage("tool", "晴，25°C") { ToolCallId = "call_1" },
        new QwenChatMessage("assistant", "杭州今天晴，25°C。"),
        new QwenChatMessage("user", "这是什么？") { Parts = [QwenContentPart.Image("data:image/png;base64,iVBORw0KGgo=", "./cat.png"), QwenContentPart.FromText("这是什么？")] },
    ];

    [Fact]
    public void Save_then_load_gives_the_same_conversation()
    {
        var path = Path.Combine(_folder, "对话.json");
        ConversationFile.Save(path, Sample());
        var loaded = ConversationFile.Load(path);

        Assert.Equal(Sample().Select(m => (m.Role, m.Content, m.ReasoningContent, m.ToolCallId)), loaded.Select(m => (m.Role, m.Content, m.ReasoningContent, m.ToolCallId)));
        var call = Assert.Single(loaded[2].ToolCalls!);
        Assert.Equal(("call_1", "function", "Get-Weather", "{\"City\":\"杭州\"}"), (call.Id, call.Type, call.Name, call.Arguments));
        var parts = loaded[5].Parts!;
        Assert.Equal(new[] { "image", "text" }, parts.Select(p => p.Type));
        Assert.Equal("data:image/png;base64,iVBORw0KGgo=", parts[0].Url);
        Assert.Equal("这是什么？", parts[1].Text);
    }

    [Fact]
    public void The_file_is_utf8_without_a_bom_with_chinese_written_raw_in_the_service_form()
    {
        var path = Path.Combine(_folder, "chat.json");
        ConversationFile.Save(path, Sample());
        var bytes = File.ReadAllBytes(path);
        Assert.NotEqual(0xEF, bytes[0]);
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Contains("天气怎么样？", text);

        using var document = JsonDocument.Parse(text);
        var messages = document.RootElement.EnumerateArray().ToList();
        Assert.Equal("user", messages[1].GetProperty("role").GetString());
        Assert.Equal("天气怎么样？", messages[1].GetProperty("content").GetString());
        Assert.Equal("Get-Weather", messages[2].GetProperty("tool_calls")[0].GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("call_1", messages[3].GetProperty("tool_call_id").GetString());
        Assert.Equal(JsonValueKind.Array, messages[5].GetProperty("content").ValueKind);
    }

    [Fact]
    public void Saving_replaces_an_existing_file_whole()
    {
        var path = Path.Combine(_folder, "chat.json");
        File.WriteAllText(path, new string('x', 100_000));
        ConversationFile.Save(path, [new QwenChatMessage("user", "hi")]);
        Assert.Single(ConversationFile.Load(path));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void Saving_into_a_missing_folder_fails_with_a_clear_message()
    {
        var error = Assert.Throws<DashScopeException>(() => ConversationFile.Save(Path.Combine(_folder, "nope", "chat.json"), Sample()));
        Assert.Equal(DashScopeErrorKind.InvalidInput, error.Kind);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void A_result_saved_with_ConvertTo_Json_is_read_through_its_History()
    {
        const string json = """{"Text":"hi","History":[{"Role":"user","Content":"hello","ToolCalls":null},{"Role":"assistant","Content":"hi","ToolCalls":[{"Index":0,"Id":"c","Type":"function","Name":"f","Arguments":"{}"}]}]}""";
        var messages = ConversationFile.Parse(json);
        Assert.Equal(new[] { "user", "assistant" }, messages.Select(m => m.Role));
        Assert.Equal("f", messages[1].ToolCalls![0].Name);
        Assert.Equal("{}", messages[1].ToolCalls![0].Arguments);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("{\"x\":1}", "JSON array of messages")]
    [InlineData("[1]", "Message 1")]
    [InlineData("[{\"role\":\"robot\",\"content\":\"x\"}]", "role 'robot'")]
    [InlineData("[{\"role\":\"user\",\"content\":[{\"pdf\":\"x\"}]}]", "needs text, image, video or audio")]
    public void Bad_files_fail_with_an_input_error(string json, string message)
    {
        var error = Assert.Throws<DashScopeException>(() => ConversationFile.Parse(json));
        Assert.Equal(DashScopeErrorKind.InvalidInput, error.Kind);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_missing_file_is_an_input_error()
    {
        Assert.Equal(DashScopeErrorKind.InvalidInput, Assert.Throws<DashScopeException>(() => ConversationFile.Load(Path.Combine(_folder, "missing.json"))).Kind);
    }
}
