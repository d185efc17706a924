using DashScope.Client;
using DashScope.Conversations;
using DashScope.Media;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Tests.Client;
using Xunit;

namespace DashScope.Tests.Conversations;

/// <summary>Attachments of a question: routed as the multimodal cmdlets and -Document route them, resolved once.</summary>
public sealed class ChatTurnTests : IClassFixture<TestServerFixture>, IDisposable
{
    private readonly TestServerFixture _fixture;
    private readonly string _folder = Directory.CreateTempSubdirectory("chat-turn-").FullName;

    public ChatTurnTests(TestServerFixture fixture)
    {
        _fixture = fixture;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string NewFile(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Theory]
    [InlineData("a.JPG", ChatAttachmentKind.Image)]
    [InlineData("b.mp4", ChatAttachmentKind.Video)]
    [InlineData("c.mp3", ChatAttachmentKind.Audio)]
    [InlineData("d.pdf", ChatAttachmentKind.Document)]
    [InlineData("e.md", ChatAttachmentKind.Document)]
    public void Files_are_told_apart_by_extension(string name, ChatAttachmentKind kind) => Assert.Equal(kind, ChatAttachment.KindOf(name));

    [Fact]
    public void Unknown_types_missing_files_and_document_urls_fail_before_anything_is_sent()
    {
        Assert.Null(ChatAttachment.KindOf("x.exe"));
        Assert.Contains("not a file type", Assert.Throws<DashScopeException>(() => ChatAttachment.From(NewFile("x.exe", [1]), UploadMode.Auto)).Message);
        Assert.Contains("does not exist", Assert.Throws<DashScopeException>(() => ChatAttachment.From(Path.Combine(_folder, "gone.jpg"), UploadMode.Auto)).Message);
        Assert.Contains("does not exist", Assert.Throws<DashScopeException>(() => ChatAttachment.From(Path.Combine(_folder, "gone.pdf"), UploadMode.Auto)).Message);
        Assert.Contains("URL", Assert.Throws<DashScopeException>(() => ChatAttachment.From("https://example.com/a.pdf", UploadMode.Auto)).Message);
        var url = ChatAttachment.From("https://example.com/a.png?size=2", UploadMode.Auto);
        Assert.Equal(ChatAttachmentKind.Image, url.Kind);
    }

    [Fact]
    public async Task Media_go_as_parts_before_the_text_and_documents_as_a_fileid_system_message_uploaded_once()
    {
        var id = _fixture.NewId("turn");
        var client = _fixture.Client("id=" + id);
        var image = ChatAttachment.From(NewFile("猫.png", [0x89, 0x50, 0x4E, 0x47]), UploadMode.Auto);
        var document = ChatAttachment.From(NewFile("report.txt", "quarterly numbers"u8.ToArray()), UploadMode.Auto);
        var session = new ChatSession("qwen-vl-max-latest", systemPrompt: "Be brief.");
        session.Attach(image, DashScope.Catalog.ModelCatalog.Default);
        session.Attach(document, DashScope.Catalog.ModelCatalog.Default);
        var turn = session.Ask("这是什么？");

        await turn.ResolveAsync(new MediaResolver(new TemporaryUploader(client), session.Model, UploadMode.Auto), new FilesClient(client), CancellationToken.None);
        var messages = turn.Messages();

        Assert.StartsWith("data:image/png;base64,", image.Resolved);
        Assert.StartsWith("file-fe-", document.Resolved);
        Assert.True(document.Uploaded);
        Assert.Equal(new[] { "system:Be brief.", "system:fileid://" + document.Resolved, "user:这是什么？" }, messages.Select(m => m.Role + ":" + m.Content));
        Assert.Equal(new[] { "image", "text" }, messages[2].Parts!.Select(p => p.Type));
        Assert.Equal(image.Source, messages[2].Parts![0].Source);

        var uploads = _fixture.Requests(id).Count;
        await turn.ResolveAsync(new MediaResolver(new TemporaryUploader(client), session.Model, UploadMode.Auto), new FilesClient(client), CancellationToken.None);
        Assert.Equal(uploads, _fixture.Requests(id).Count);

        var result = await _fixture.Chat("id=" + id).SendAsync(new ChatRequest { Model = session.Model, Messages = messages, Prompt = turn.Text }, null, CancellationToken.None);
        var body = _fixture.Requests(id).Last();
        Assert.EndsWith(ChatRequestBuilder.MultimodalGenerationPath, body.Path);
        Assert.Contains("\"image\":\"data:image/png;base64,", body.Body);
        Assert.Contains("fileid://" + document.Resolved, body.Body);
        session.Complete(turn, result);
        Assert.Equal(4, session.History.Count);
    }

    [Fact]
    public void A_question_without_attachments_is_plain_text()
    {
        var turn = new ChatSession("qwen-plus").Ask("hello");
        var question = Assert.Single(turn.Messages());
        Assert.Null(question.Parts);
        Assert.Equal("hello", question.Content);
    }
}
