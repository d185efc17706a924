using DashScope.Conversations;
using Xunit;

namespace DashScope.Tests.Conversations;

public sealed class ChatInputTests
{
    [Fact]
    public void A_line_is_a_message()
    {
        var input = new ChatInput();
        Assert.True(input.Add("你好", morePending: false));
        Assert.Equal("你好", input.Take());
        Assert.False(input.Continuing);
    }

    [Fact]
    public void A_trailing_backslash_continues_on_the_next_line()
    {
        var input = new ChatInput();
        Assert.False(input.Add("first line \\", morePending: false));
        Assert.True(input.Continuing);
        Assert.False(input.Add("second\\", morePending: false));
        Assert.True(input.Add("third", morePending: false));
        Assert.Equal("first line \nsecond\nthird", input.Take());
        Assert.False(input.Continuing);
    }

    [Fact]
    public void Lines_read_while_more_input_waits_are_one_pasted_message()
    {
        var input = new ChatInput();
        Assert.False(input.Add("def f():", morePending: true));
        Assert.False(input.Add("    return 1", morePending: true));
        Assert.False(input.Add("", morePending: true));
        Assert.True(input.Add("What does this do?", morePending: false));
        Assert.Equal("def f():\n    return 1\n\nWhat does this do?", input.Take());
    }
}
