using System.Net.Http;
using System.Text;
using System.Text.Json;
using DashScope.Client;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Streaming;
using DashScope.Tests.Client;
using DashScope.Tools;
using Xunit;

namespace DashScope.Tests.Client;

public class FilesClientTests : IClassFixture<TestServerFixture>
{
    private readonly TestServerFixture _fixture;

    public FilesClientTests(TestServerFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Uploads_lists_gets_and_deletes()
    {
        var id = _fixture.NewId("files");
        var files = new FilesClient(new DashScopeClient(_fixture.Settings("id=" + id)));
        var path = Path.Combine(Path.GetTempPath(), "qwen-xunit-" + Guid.NewGuid().ToString("n") + ".txt");
        await File.WriteAllTextAsync(path, "hello");
        try
        {
            var uploaded = await files.UploadAsync(path, FilesClient.DefaultPurpose, CancellationToken.None);
            Assert.StartsWith("file-fe-", uploaded.Id);
            Assert.Equal(5, uploaded.Bytes);
            var listed = await files.ListAsync(null, null, null, CancellationToken.None);
            Assert.Equal(uploaded.Id, Assert.Single(listed.Files).Id);
            Assert.Equal(Path.GetFileName(path), (await files.GetAsync(uploaded.Id, CancellationToken.None)).FileName);
            Assert.True((await files.DeleteAsync(uploaded.Id, CancellationToken.None)).Deleted);
            var missing = await Assert.ThrowsAsync<DashScopeException>(() => files.GetAsync(uploaded.Id, CancellationToken.None));
            Assert.Equal(404, missing.StatusCode);
            var request = _fixture.Requests(id).First();
            Assert.Equal("/compatible-mode/v1/files", request.Path);
            Assert.StartsWith("multipart/form-data", request.Headers["content-type"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Unsupported_documents_fail_before_upload()
    {
        var path = Path.Combine(Path.GetTempPath(), "qwen-xunit-" + Guid.NewGuid().ToString("n") + ".png");
        File.WriteAllText(path, "x");
        try
        {
            var error = Assert.Throws<DashScopeException>(() => FilesClient.EnsureDocument(path));
            Assert.Equal(DashScopeErrorKind.InvalidInput, error.Kind);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Compatible_base_keeps_the_path_prefix()
    {
        var client = new DashScopeClient(_fixture.Settings("id=x"));
        Assert.EndsWith("/compatible-mode/v1/", client.CompatibleBaseUri.AbsoluteUri);
        Assert.Contains("/x/", client.CompatibleBaseUri.AbsoluteUri);
    }
}
