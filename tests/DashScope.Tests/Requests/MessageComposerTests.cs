using DashScope.Models;
using DashScope.Requests;
using Xunit;

namespace DashScope.Tests.Requests;

public class MessageComposerTests
{
    private static QwenChatMessage M(string role, string? content) => new(role, content);

    private static List<string> Lines(IEnumerable<QwenChatMessage> messages) => messages.Select(m => m.Role + ": " + m.Content).ToList();

    [Fact]
    public void Compose_puts_system_prompt_history_messages_then_the_user_message()
    {
        var history = new List<QwenChatMessage> { M("user", "q1"), M("assistant", "a1") };
        var given = new List<QwenChatMessage> { M("user", "extra"), M("assistant", "ok") };

        var composed = MessageComposer.Compose("Be brief.", history, given, M("user", "q2"));

        Assert.Equal(["system: Be brief.", "user: q1", "assistant: a1", "user: extra", "assistant: ok", "user: q2"], Lines(composed));
        Assert.Same(history[0], composed[1]);
        Assert.Equal(2, history.Count);
    }

    [Fact]
    public void A_system_prompt_replaces_the_system_messages_of_the_history_only()
    {
        var history = new List<QwenChatMessage> { M("system", "old"), M("system", "fileid://file-1"), M("user", "q1"), M("assistant", "a1") };
        var given = new List<QwenChatMessage> { M("system", "given") };

        var composed = MessageComposer.Compose("new", history, given, M("user", "q2"));

        Assert.Equal(["system: new", "user: q1", "assistant: a1", "system: given", "user: q2"], Lines(composed));
        Assert.Equal(4, history.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Without_a_system_prompt_the_history_keeps_its_system_messages(string? systemPrompt)
    {
        var history = new List<QwenChatMessage> { M("system", "old"), M("user", "q1"), M("assistant", "a1") };

        var composed = MessageComposer.Compose(systemPrompt, history, null, M("user", "q2"));

        Assert.Equal(["system: old", "user: q1", "assistant: a1", "user: q2"], Lines(composed));
    }

    [Fact]
    public void Compose_of_nothing_is_empty()
    {
        Assert.Empty(MessageComposer.Compose(null, null, null, null));
        Assert.Equal(["system: s"], Lines(MessageComposer.Compose("s", null, null, null)));
    }

    [Fact]
    public void As_parts_the_system_prompt_is_one_text_part_and_keeps_its_text()
    {
        var composed = MessageComposer.Compose("看图说话", null, null, M("user", "hi"), asParts: true);

        var system = composed[0];
        Assert.Equal("system", system.Role);
        Assert.Equal("看图说话", system.Content);
        var part = Assert.Single(system.Parts!);
        Assert.Equal(QwenContentPart.TextType, part.Type);
        Assert.Equal("看图说话", part.Text);
        Assert.Null(composed[1].Parts);

        Assert.Null(MessageComposer.Compose("plain", null, null, null)[0].Parts);
    }

    [Fact]
    public void EnsureNotEmpty_refuses_a_conversation_without_anything_but_system_messages()
    {
        var empty = Assert.Throws<DashScopeException>(() => MessageComposer.EnsureNotEmpty([]));
        Assert.Equal(DashScopeErrorKind.InvalidInput, empty.Kind);
        Assert.Equal(MessageComposer.EmptyPromptMessage, empty.Message);

        var systemOnly = Assert.Throws<DashScopeException>(() => MessageComposer.EnsureNotEmpty([M("system", "a"), M("system", "b")]));
        Assert.Equal(DashScopeErrorKind.InvalidInput, systemOnly.Kind);

        MessageComposer.EnsureNotEmpty([M("system", "a"), M("user", "q")]);
        MessageComposer.EnsureNotEmpty([new QwenChatMessage("assistant", "prefix") { Partial = true }]);
    }

    [Fact]
    public void AttachDocuments_adds_one_reference_after_the_system_messages()
    {
        var messages = new List<QwenChatMessage> { M("system", "Be brief."), M("system", "Answer in English."), M("user", "Summarize.") };

        Assert.True(MessageComposer.AttachDocuments(messages, ["file-a", "file-b"]));

        Assert.Equal(["system: Be brief.", "system: Answer in English.", "system: fileid://file-a,fileid://file-b", "user: Summarize."], Lines(messages));
    }

    [Fact]
    public void AttachDocuments_goes_first_when_there_is_no_system_message()
    {
        var messages = new List<QwenChatMessage> { M("user", "Summarize."), M("assistant", "Which part?"), M("system", "late") };

        Assert.True(MessageComposer.AttachDocuments(messages, ["file-a"]));

        Assert.Equal("system: fileid://file-a", Lines(messages)[0]);
        Assert.Equal(4, messages.Count);
    }

    [Fact]
    public void AttachDocuments_does_not_add_the_same_reference_twice()
    {
        var messages = new List<QwenChatMessage> { M("user", "Summarize.") };
        Assert.True(MessageComposer.AttachDocuments(messages, ["file-a", "file-b"]));

        Assert.False(MessageComposer.AttachDocuments(messages, ["file-a", "file-b"]));
        Assert.Equal(2, messages.Count);

        // Another set of documents is another reference.
        Assert.True(MessageComposer.AttachDocuments(messages, ["file-c"]));
        Assert.Equal(["system: fileid://file-a,fileid://file-b", "system: fileid://file-c", "user: Summarize."], Lines(messages));
    }

    [Fact]
    public void AttachDocuments_without_documents_changes_nothing()
    {
        var messages = new List<QwenChatMessage> { M("user", "q") };

        Assert.False(MessageComposer.AttachDocuments(messages, []));
        Assert.Single(messages);
    }

    [Fact]
    public void RequireJsonMention_adds_the_instruction_after_the_system_messages_when_no_message_mentions_json()
    {
        var messages = new List<QwenChatMessage> { M("system", "Be brief."), M("user", "List three colours."), M("assistant", null) };

        Assert.True(MessageComposer.RequireJsonMention(messages));

        Assert.Equal(["system: Be brief.", "system: " + MessageComposer.JsonInstruction, "user: List three colours.", "assistant: "], Lines(messages));
        Assert.Contains("json", MessageComposer.JsonInstruction, StringComparison.OrdinalIgnoreCase);

        // Now one does.
        Assert.False(MessageComposer.RequireJsonMention(messages));
        Assert.Equal(4, messages.Count);
    }

    [Theory]
    [InlineData("user", "Answer as JSON.")]
    [InlineData("system", "reply in json")]
    [InlineData("assistant", "{\"format\": \"Json\"}")]
    public void RequireJsonMention_leaves_a_conversation_that_mentions_json_in_any_case(string role, string content)
    {
        var messages = new List<QwenChatMessage> { M("user", "List three colours."), M(role, content) };

        Assert.False(MessageComposer.RequireJsonMention(messages));
        Assert.Equal(2, messages.Count);
    }
}
