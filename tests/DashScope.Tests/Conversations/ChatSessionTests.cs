using DashScope.Catalog;
using DashScope.Client;
using DashScope.Conversations;
using DashScope.Media;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Tests.Client;
using Xunit;

namespace DashScope.Tests.Conversations;

/// <summary>The conversation state of Enter-QwenChat, driven against the test server as the cmdlet drives it.</summary>
public sealed class ChatSessionTests : IClassFixture<TestServerFixture>
{
    private readonly TestServerFixture _fixture;

    public ChatSessionTests(TestServerFixture fixture)
    {
        _fixture = fixture;
    }

    private async Task<QwenChatResult> SendAsync(ChatSession session, ChatTurn turn, string options = "")
    {
        var request = new ChatRequest { Model = session.Model, Messages = turn.Messages(), Prompt = turn.Text };
        var result = await _fixture.Chat(options).SendAsync(request, new TestServerFixture.Observer(), CancellationToken.None);
        session.Complete(turn, result);
        return result;
    }

    private static string[] Roles(ChatSession session) => session.History.Select(m => m.Role + ":" + m.Content).ToArray();

    [Fact]
    public async Task Each_answer_extends_the_conversation_and_the_next_question_carries_it()
    {
        var id = _fixture.NewId("session");
        var session = new ChatSession("qwen-plus", systemPrompt: "Be brief.");
        await SendAsync(session, session.Ask("第一个问题"), "id=" + id);
        var second = session.Ask("second");

        Assert.Equal(new[] { "system:Be brief.", "user:第一个问题", "assistant:" + session.LastAnswer }, Roles(session));
        Assert.Equal(session.History, second.Conversation);
        await SendAsync(session, second, "id=" + id);

        Assert.Equal(5, session.History.Count);
        Assert.Contains("“second”", session.LastAnswer);
        var sent = _fixture.Requests(id).Last().Body;
        Assert.Contains("第一个问题", sent);
        Assert.Contains("Be brief.", sent);
    }

    [Fact]
    public async Task A_failed_question_leaves_the_conversation_as_it_was_and_retry_asks_it_again()
    {
        var session = new ChatSession("qwen-plus");
        await SendAsync(session, session.Ask("one"));
        var before = session.History.ToList();
        var failing = session.Ask("two");
        await Assert.ThrowsAsync<DashScopeException>(() => SendAsync(session, failing, "fail=400:1,id=" + _fixture.NewId("fail")));

        Assert.Equal(before, session.History);
        var again = session.Retry();
        Assert.NotNull(again);
        Assert.Equal("two", again!.Text);
        Assert.Equal(before, again.Conversation);
        await SendAsync(session, again);
        Assert.Equal(4, session.History.Count);
        Assert.Equal("two", session.History[2].Content);
    }

    [Fact]
    public async Task Retry_after_an_answer_replaces_that_answer()
    {
        var session = new ChatSession("qwen-plus");
        await SendAsync(session, session.Ask("one"));
        await SendAsync(session, session.Ask("two"));
        var answer = session.History[3];

        var again = session.Retry()!;
        Assert.Equal(2, again.Conversation.Count);
        await SendAsync(session, again);

        Assert.Equal(new[] { "user", "assistant", "user", "assistant" }, session.History.Select(m => m.Role));
        Assert.NotSame(answer, session.History[3]);
        Assert.Equal("two", session.History[2].Content);
    }

    [Fact]
    public async Task Undo_drops_the_last_exchange_and_retry_then_asks_that_question_without_dropping_another()
    {
        var session = new ChatSession("qwen-plus");
        Assert.Null(session.Undo());
        Assert.False(session.CanRetry);
        await SendAsync(session, session.Ask("one"));
        await SendAsync(session, session.Ask("two"));

        var dropped = session.Undo();
        Assert.Equal("two", dropped!.Content);
        Assert.Equal(new[] { "user:one" }, Roles(session).Take(1));
        Assert.Equal(2, session.History.Count);

        var again = session.Retry()!;
        Assert.Equal("two", again.Text);
        Assert.Equal(2, again.Conversation.Count);
    }

    [Fact]
    public async Task Undo_removes_tool_rounds_with_their_question()
    {
        var session = new ChatSession("qwen-plus", new[]
        {
            new QwenChatMessage("user", "weather?"),
            new QwenChatMessage("assistant", "") { ToolCalls = [new QwenToolCall { Id = "c1", Name = "Get-Weather", Arguments = "{}" }] },
            new QwenChatMessage("tool", "sunny") { ToolCallId = "c1" },
            new QwenChatMessage("assistant", "It is sunny."),
        });
        Assert.Equal("It is sunny.", session.LastAnswer);
        Assert.Equal("weather?", session.Undo()!.Content);
        Assert.Empty(session.History);
        await Task.CompletedTask;
    }

    [Fact]
    public void The_system_prompt_is_replaced_and_documents_stay()
    {
        var session = new ChatSession("qwen-long", new[] { new QwenChatMessage("system", "old"), new QwenChatMessage("user", "hi") });
        session.AddDocuments(new[] { "file-fe-1" });
        session.SetSystemPrompt("新的系统提示");

        Assert.Equal("新的系统提示", session.SystemPrompt);
        Assert.Equal(new[] { "system:新的系统提示", "system:fileid://file-fe-1", "user:hi" }, Roles(session));
        session.SetSystemPrompt(null);
        Assert.Null(session.SystemPrompt);
        Assert.Equal(new[] { "system:fileid://file-fe-1", "user:hi" }, Roles(session));
    }

    [Fact]
    public void A_system_prompt_given_at_the_start_replaces_the_one_of_the_conversation()
    {
        var session = new ChatSession("qwen-plus", new[] { new QwenChatMessage("system", "old"), new QwenChatMessage("user", "hi") }, "new");
        Assert.Equal(new[] { "system:new", "user:hi" }, Roles(session));
    }

    [Fact]
    public async Task Clear_keeps_the_system_messages_and_forgets_the_rest()
    {
        var session = new ChatSession("qwen-plus", systemPrompt: "Be brief.");
        await SendAsync(session, session.Ask("one"));
        session.Clear();

        Assert.Equal(new[] { "system:Be brief." }, Roles(session));
        Assert.False(session.CanRetry);
        Assert.Null(session.LastAnswer);
        Assert.Null(session.LastResult);
    }

    [Fact]
    public async Task The_final_result_is_the_last_answer_with_the_whole_history()
    {
        var session = new ChatSession("qwen-plus");
        await SendAsync(session, session.Ask("one"));
        var last = await SendAsync(session, session.Ask("two"));

        var final = session.ToResult();
        Assert.Same(last, final);
        Assert.Equal(4, final.History.Count);
        Assert.NotNull(final.RequestId);

        session.Undo();
        var afterUndo = session.ToResult();
        Assert.Equal(2, afterUndo.History.Count);
        Assert.Equal(afterUndo.History[1].Content, afterUndo.Text);
        Assert.Equal("qwen-plus", afterUndo.Model);
    }

    [Fact]
    public void A_conversation_without_answers_gives_a_result_with_its_history()
    {
        var session = new ChatSession("qwen-max", systemPrompt: "x");
        var result = session.ToResult();
        Assert.Equal(string.Empty, result.Text);
        Assert.Equal("qwen-max", result.Model);
        Assert.Single(result.History);
    }

    [Fact]
    public void Attaching_media_the_model_cannot_read_switches_to_a_model_that_can()
    {
        var folder = Directory.CreateTempSubdirectory("chat-attach-").FullName;
        try
        {
            var image = Path.Combine(folder, "cat.jpg");
            File.WriteAllBytes(image, new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 });
            var session = new ChatSession("qwen-plus");
            Assert.Equal(ChatAttachment.VisionModel, session.Attach(ChatAttachment.From(image, UploadMode.Auto), ModelCatalog.Default));
            Assert.Equal(ChatAttachment.VisionModel, session.Model);
            Assert.Null(session.Attach(ChatAttachment.From(image, UploadMode.Auto), ModelCatalog.Default));

            var other = new ChatSession("qwen3-vl-plus");
            Assert.Null(other.Attach(ChatAttachment.From(image, UploadMode.Auto), ModelCatalog.Default));
            Assert.Equal("qwen3-vl-plus", other.Model);

            var turn = session.Ask("what is it?");
            Assert.Equal(2, turn.Attachments.Count);
            Assert.Empty(session.Attachments);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
