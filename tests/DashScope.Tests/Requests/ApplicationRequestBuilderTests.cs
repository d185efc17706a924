using System.Text.Json;
using DashScope.Models;
using DashScope.Requests;
using Xunit;

namespace DashScope.Tests.Requests;

public class ApplicationRequestBuilderTests
{
    private static readonly Dictionary<string, object?> Sampling = new() { ["top_k"] = 100L, ["top_p"] = 0.8, ["seed"] = 1234L, ["temperature"] = 0.85 };

    private static JsonElement Built(ApplicationRequest request, bool stream = false) =>
        JsonDocument.Parse(ApplicationRequestBuilder.Build(request, stream)).RootElement;

    private static JsonElement Recorded(string name) => JsonDocument.Parse(TestPaths.RequestBody(name)).RootElement;

    private static ApplicationRequest Sampled(ApplicationRequest request) => request with { TopK = 100, TopP = 0.8, Seed = 1234, Temperature = 0.85 };

    private static Dictionary<string, object?> Rag(params (string Key, object? Value)[] entries) =>
        new() { ["rag_options"] = entries.ToDictionary(entry => entry.Key, entry => entry.Value) };

    [Fact]
    public void A_prompt_with_knowledge_base_options_matches_the_recording()
    {
        var request = Sampled(new ApplicationRequest
        {
            AppId = "app",
            Prompt = "总结xUnit Test Patterns中的内容",
            AdditionalParameters = Rag(("pipeline_ids", new List<object?> { "thie5bysoj" }), ("file_ids", new List<object?> { "file_d129d632800c45aa9e7421b30561f447_10207234" })),
        });
        JsonAssert.Equal(Recorded("application-single-generation-text-nosse"), Built(request));
    }

    [Fact]
    public void A_streamed_call_asks_for_incremental_output_as_recorded()
    {
        var request = Sampled(new ApplicationRequest
        {
            AppId = "app",
            Prompt = "总结xUnit Test Patterns中的内容",
            AdditionalParameters = Rag(("pipeline_ids", new List<object?> { "thie5bysoj" }), ("tags", new List<object?> { "xUnit" })),
        });
        JsonAssert.Equal(Recorded("application-single-generation-text-sse"), Built(request, stream: true));
        Assert.False(Built(request).GetProperty("parameters").TryGetProperty("incremental_output", out _));
    }

    [Fact]
    public void A_session_a_memory_and_thoughts_go_where_the_recordings_have_them()
    {
        var session = Sampled(new ApplicationRequest
        {
            AppId = "app",
            Prompt = "总结一下第一本书的内容",
            SessionId = "9995da2046a04b448dc5a562563f4835",
            IncludeThoughts = true,
            AdditionalParameters = Rag(("pipeline_ids", new List<object?> { "ll6yfcnxjg" }), ("metadata_filter", new Dictionary<string, object?> { ["docType"] = "电子书" })),
        });
        JsonAssert.Equal(Recorded("application-conversation-generation-session-id-nosse"), Built(session));

        var memory = Sampled(new ApplicationRequest { AppId = "app", Prompt = "我爱吃面食", MemoryId = "ffd8be2352d84c6b9350e91c865b512e", IncludeThoughts = true });
        JsonAssert.Equal(Recorded("application-single-generation-text-with-memory-nosse"), Built(memory));
    }

    [Fact]
    public void Workflow_parameters_and_messages_match_the_recordings()
    {
        var workflow = Sampled(new ApplicationRequest { AppId = "wf", Prompt = "请你跟我这样说", Parameters = new Dictionary<string, object?> { ["sourceCode"] = "code" } });
        JsonAssert.Equal(Recorded("application-workflow-nosse"), Built(workflow));

        var conversation = Sampled(new ApplicationRequest
        {
            AppId = "app",
            Messages =
            [
                new QwenChatMessage("system", "You are a helpful assistant."),
                new QwenChatMessage("user", "你是谁？"),
                new QwenChatMessage("assistant", "我是阿里云开发的大规模语言模型，我叫通义千问。"),
                new QwenChatMessage("user", "哪些人的主食偏好是米饭？"),
            ],
            IncludeThoughts = true,
            AdditionalParameters = Rag(("pipeline_ids", new List<object?> { "e6md69132k" }), ("structured_filter", new Dictionary<string, object?> { ["年龄"] = 14L })),
        });
        JsonAssert.Equal(Recorded("application-conversation-generation-message-nosse"), Built(conversation));
    }

    [Fact]
    public void The_path_escapes_the_id_and_bad_input_fails_before_anything_is_sent()
    {
        Assert.Equal("apps/a%2Fb/completion", ApplicationRequestBuilder.PathFor(new ApplicationRequest { AppId = "a/b" }));
        Assert.Equal(DashScopeErrorKind.InvalidInput,
            Assert.Throws<DashScopeException>(() => ApplicationRequestBuilder.Build(new ApplicationRequest { Prompt = "hi" }, false)).Kind);
        Assert.Contains("prompt is empty",
            Assert.Throws<DashScopeException>(() => ApplicationRequestBuilder.Build(new ApplicationRequest { AppId = "app", Prompt = " " }, false)).Message);
    }
}
