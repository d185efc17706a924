using DashScope.Catalog;
using DashScope.Conversations;
using Xunit;

namespace DashScope.Tests.Conversations;

public sealed class ChatCommandTests
{
    [Theory]
    [InlineData("/help", ChatCommandKind.Help, "")]
    [InlineData("  /EXIT  ", ChatCommandKind.Exit, "")]
    [InlineData("/quit", ChatCommandKind.Exit, "")]
    [InlineData("/model qwen-max", ChatCommandKind.Model, "qwen-max")]
    [InlineData("/system  用中文回答。 ", ChatCommandKind.System, "用中文回答。")]
    [InlineData("/save ./my chats/one.json", ChatCommandKind.Save, "./my chats/one.json")]
    [InlineData("/file\t~/photo.jpg", ChatCommandKind.File, "~/photo.jpg")]
    public void Commands_are_read_with_their_argument(string line, ChatCommandKind kind, string argument)
    {
        var command = ChatCommand.Parse(line, out var unknown);
        Assert.Null(unknown);
        Assert.NotNull(command);
        Assert.Equal(kind, command!.Kind);
        Assert.Equal(argument, command.Argument);
    }

    [Theory]
    [InlineData("What is /etc/hosts for?")]
    [InlineData("// starts with a slash")]
    [InlineData("/ spaced")]
    [InlineData("")]
    [InlineData("/")]
    public void Other_lines_are_messages(string line)
    {
        Assert.Null(ChatCommand.Parse(line, out var unknown));
        Assert.Null(unknown);
    }

    [Fact]
    public void An_unknown_command_is_reported_not_sent()
    {
        Assert.Null(ChatCommand.Parse("/exti now", out var unknown));
        Assert.Equal("/exti", unknown);
    }

    [Fact]
    public void Two_slashes_send_the_text_with_one()
    {
        Assert.Equal("/etc/hosts is what?", ChatCommand.MessageText("//etc/hosts is what?"));
        Assert.Equal("plain", ChatCommand.MessageText("plain"));
    }

    [Fact]
    public void Every_command_has_a_unique_name_and_a_description()
    {
        Assert.Equal(Enum.GetValues<ChatCommandKind>().Length, ChatCommand.All.Count);
        Assert.Equal(ChatCommand.All.Count, ChatCommand.All.Select(c => c.Name).Distinct().Count());
        Assert.All(ChatCommand.All, c => Assert.False(string.IsNullOrWhiteSpace(c.Description)));
        Assert.Equal("/save PATH", ChatCommand.Find("/save")!.Usage);
        Assert.Equal("/model [NAME]", ChatCommand.Find("/model")!.Usage);
    }

    [Fact]
    public void Completion_offers_command_names_after_a_slash()
    {
        var completion = ChatCompletion.For("/s", 2, new string[0])!;
        Assert.Equal(0, completion.Start);
        Assert.Equal(2, completion.Length);
        Assert.Equal(new[] { "/system", "/save" }, completion.Candidates);
    }

    [Fact]
    public void Completion_offers_model_names_from_the_catalog_after_model()
    {
        var models = ChatCompletion.ChatModels(ModelCatalog.Default).ToList();
        Assert.Contains("qwen-plus", models);
        Assert.Contains("qwen-vl-max-latest", models);
        Assert.DoesNotContain("text-embedding-v4", models);
        Assert.DoesNotContain("wan2.2-t2i-flash", models);

        var completion = ChatCompletion.For("/model qwen-ma", 14, models)!;
        Assert.Equal(7, completion.Start);
        Assert.Equal(7, completion.Length);
        Assert.Contains("qwen-max", completion.Candidates);
        Assert.All(completion.Candidates, c => Assert.StartsWith("qwen-ma", c));

        var empty = ChatCompletion.For("/model ", 7, models)!;
        Assert.Equal(7, empty.Start);
        Assert.Equal(0, empty.Length);
        Assert.Equal(models.Count, empty.Candidates.Count);
    }

    [Theory]
    [InlineData("hello /mo", 9)]
    [InlineData("/file ./ph", 10)]
    [InlineData("/model qwen-max extra", 21)]
    [InlineData("/zz", 3)]
    public void Completion_leaves_other_text_alone(string line, int cursor)
    {
        Assert.Null(ChatCompletion.For(line, cursor, ChatCompletion.ChatModels(ModelCatalog.Default)));
    }
}
