using System.Security.Cryptography;
using System.Text.Json;
using DashScope.Json;
using DashScope.Client;
using DashScope.Media;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Tests.Client;
using DashScope.TestServer;
using Xunit;

namespace DashScope.Tests.Client;

/// <summary>The temporary upload end to end against the loopback server: policy, multipart POST, oss:// and the resolve header.</summary>
public sealed class TemporaryUploaderTests : IClassFixture<TestServerFixture>, IDisposable
{
    private readonly TestServerFixture _fixture;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dashscope-upload-" + Guid.NewGuid().ToString("N")[..8]);

    public TemporaryUploaderTests(TestServerFixture fixture)
    {
        _fixture = fixture;
        Directory.CreateDirectory(_folder);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string File(string name, int bytes)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(bytes));
        return path;
    }

    [Fact]
    public async Task Files_are_uploaded_under_one_policy_and_sent_as_oss_urls_with_the_resolve_header()
    {
        var id = _fixture.NewId("upload");
        var client = new DashScopeClient(_fixture.Settings("id=" + id));
        var resolver = new MediaResolver(new TemporaryUploader(client), "qwen-vl-max", UploadMode.Upload);
        var first = File("a b 猫.png", 1000);
        var second = File("two.jpg", 2000);
        var other = Path.Combine(_folder, "sub");
        Directory.CreateDirectory(other);
        var third = Path.Combine(other, "two.jpg");
        System.IO.File.WriteAllBytes(third, RandomNumberGenerator.GetBytes(300));

        var urls = new List<string>();
        foreach (var path in new[] { first, second, third })
            urls.Add(await resolver.ResolveAsync(MediaInput.FromFile(MediaKind.Image, path, UploadMode.Upload), CancellationToken.None));

        Assert.Equal(1, resolver.PoliciesFetched);
        Assert.Equal(3, resolver.Uploaded);
        Assert.All(urls, url => Assert.StartsWith("oss://" + TemporaryUploads.DirPrefix + "/", url));
        Assert.EndsWith("/a b 猫.png", urls[0]);
        Assert.EndsWith("/two.jpg", urls[1]);
        Assert.EndsWith("/two-2.jpg", urls[2]); // same name, same folder: kept apart (the storage does not overwrite)

        var log = _fixture.Requests(id);
        Assert.Single(log, r => r.Method == "GET");
        var policyRequest = log.Single(r => r.Method == "GET");
        Assert.Equal("/api/v1/uploads?action=getPolicy&model=qwen-vl-max", policyRequest.Path);
        Assert.StartsWith("Bearer <", policyRequest.Headers["authorization"]);

        var posts = log.Where(r => r.Path == "/_oss/").ToList();
        Assert.Equal(3, posts.Count);
        foreach (var post in posts)
        {
            Assert.False(post.Headers.ContainsKey("authorization"), "the storage must not get the API key");
            using var summary = JsonDocument.Parse(post.Body);
            Assert.Equal(JsonValueKind.Null, summary.RootElement.GetProperty("error").ValueKind);
            Assert.Equal(["OSSAccessKeyId", "Signature", "policy", "key", "x-oss-object-acl", "x-oss-forbid-overwrite", "success_action_status", "x-oss-content-type", "file"],
                summary.RootElement.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        }
        Assert.True(_fixture.Server.Uploads.TryGet(urls[0]["oss://".Length..], out var stored));
        Assert.Equal(System.IO.File.ReadAllBytes(first), stored.Bytes);
        Assert.Equal("image/png", stored.ContentType);

        // The uploaded files in a question: the request carries the header and the server finds them.
        var request = new ChatRequest
        {
            Model = "qwen-vl-max",
            Multimodal = true,
            Messages = [new QwenChatMessage("user", "compare") { Parts = [QwenContentPart.Image(urls[0]), QwenContentPart.Image(urls[1]), QwenContentPart.FromText("compare")] }],
        };
        var result = await new ChatClient(client).SendAsync(request, CancellationToken.None);
        Assert.Contains("2 images (a b 猫.png, 1000 bytes, two.jpg, 2000 bytes)", result.Text);
        Assert.Equal(620, result.Usage!.ImageTokens);
        var generation = _fixture.Requests(id).Last();
        Assert.Equal("enable", generation.Headers["x-dashscope-ossresourceresolve"]);
    }

    [Fact]
    public async Task An_oss_url_without_the_resolve_header_fails_like_the_service()
    {
        var id = _fixture.NewId("noheader");
        var client = new DashScopeClient(_fixture.Settings("id=" + id));
        var body = "{\"model\":\"qwen-vl-max\",\"input\":{\"messages\":[{\"role\":\"user\",\"content\":[{\"image\":\"oss://dashscope-instant/x/a.png\"},{\"text\":\"?\"}]}]}}"u8.ToArray();
        var failure = await Assert.ThrowsAsync<DashScopeException>(() => client.PostJsonAsync(ChatRequestBuilder.MultimodalGenerationPath, body, CancellationToken.None));
        Assert.Equal(400, failure.StatusCode);
        Assert.Equal("InvalidParameter", failure.Code);
    }

    [Fact]
    public async Task Small_files_go_inline_without_any_upload_in_auto_mode()
    {
        var id = _fixture.NewId("inline");
        var client = new DashScopeClient(_fixture.Settings("id=" + id));
        var resolver = new MediaResolver(new TemporaryUploader(client), "qwen-vl-max", UploadMode.Auto);
        var path = File("small.webp", 64);
        var url = await resolver.ResolveAsync(MediaInput.FromFile(MediaKind.Image, path, UploadMode.Auto), CancellationToken.None);
        Assert.Equal("data:image/webp;base64," + Convert.ToBase64String(System.IO.File.ReadAllBytes(path)), url);
        Assert.Equal(0, resolver.PoliciesFetched);
        Assert.Empty(_fixture.Requests(id));
    }

    [Fact]
    public async Task A_storage_error_is_reported_with_its_code()
    {
        var id = _fixture.NewId("storage");
        var client = new DashScopeClient(_fixture.Settings("id=" + id));
        var uploader = new TemporaryUploader(client);
        var policy = await uploader.GetPolicyAsync("qwen-vl-max", CancellationToken.None);
        policy.OssAccessKeyId = "somebody-else";
        var failure = await Assert.ThrowsAsync<DashScopeException>(() => uploader.UploadAsync(policy, File("x.png", 10), "image/png", CancellationToken.None));
        Assert.Equal("Upload.InvalidAccessKeyId", failure.Code);
        Assert.Equal(400, failure.StatusCode);
    }

    [Fact]
    public void The_recorded_policy_answer_parses()
    {
        var policy = TemporaryUploader.ParsePolicy(TestPaths.ResponseBody("get-upload-policy-nosse"));
        Assert.Equal("https://dashscope-file-mgr.oss-cn-beijing.aliyuncs.com", policy.UploadHost);
        Assert.Equal("dashscope-instant/52afe077fb4825c6d74411758cb1ab98/2025-07-12/b744f4f8-1a9c-9c6b-950d-0d327e331f2f", policy.UploadDir);
        Assert.Equal("accessKeyId", policy.OssAccessKeyId);
        Assert.Equal("n3dNX/aD3+WAly0QgzsURfiIk00=", policy.Signature);
        Assert.Equal("private", policy.ObjectAcl);
        Assert.Equal("true", policy.ForbidOverwrite);
        Assert.Equal(1024, policy.MaxFileSizeMb);
    }
}
