using System.Text.Json;
using DashScope.Client;
using DashScope.Media;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Tasks;
using DashScope.Tests.Client;
using DashScope.TestServer;
using Xunit;
using static DashScope.Tests.TestJson;

namespace DashScope.Tests.Requests;

/// <summary>Text-to-video and image-to-video tasks against the simulated service (no recording exists).</summary>
public class VideoTests : IClassFixture<TestServerFixture>
{
    private static readonly TaskWaitOptions Fast = new() { FirstInterval = TimeSpan.FromMilliseconds(20), MaximumInterval = TimeSpan.FromMilliseconds(50) };
    private readonly TestServerFixture _fixture;

    public VideoTests(TestServerFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public void Text_to_video_body_has_the_documented_shape()
    {
        var request = new VideoSynthesisRequest("wan2.2-t2v-plus") { Prompt = "海浪拍打沙滩", Size = "1280*720", Duration = 5, Seed = 7, PromptExtend = false };
        JsonAssert.Equal(Parse("""{"model":"wan2.2-t2v-plus","input":{"prompt":"海浪拍打沙滩"},"parameters":{"size":"1280*720","duration":5,"prompt_extend":false,"seed":7}}"""),
            Parse(System.Text.Encoding.UTF8.GetString(request.BuildBody()!)));
        Assert.Equal("enable", request.Headers!["X-DashScope-Async"]);
        Assert.False(request.Headers.ContainsKey("X-DashScope-OssResourceResolve"));
    }

    [Fact]
    public async Task A_text_to_video_task_ends_with_the_video_and_its_extended_prompt()
    {
        var id = _fixture.NewId("video-t2v");
        var tasks = new TaskClient(_fixture.Client("id=" + id));
        var submitted = await tasks.SubmitAsync(new VideoSynthesisRequest("wan2.2-t2v-plus") { Prompt = "海浪拍打沙滩", Duration = 10 }, CancellationToken.None);
        var done = await tasks.WaitAsync(submitted.TaskId, Fast, null, CancellationToken.None);

        var video = VideoSynthesisRequest.Video(done, "wan2.2-t2v-plus", "海浪拍打沙滩")!;
        Assert.Equal(TaskSimulator.ExtendedPrompt("海浪拍打沙滩"), video.Prompt);
        Assert.Equal("海浪拍打沙滩", video.OriginalPrompt);
        Assert.Equal(10.0, video.Seconds);
        Assert.Equal(done.TaskId, video.TaskId);
        Assert.EndsWith("/video.mp4", video.Url!.AbsolutePath);
        Assert.Equal([video.Url], done.ResultUrls);
    }

    [Fact]
    public async Task An_image_to_video_first_frame_uploaded_temporarily_is_resolved_with_the_header()
    {
        var id = _fixture.NewId("video-i2v");
        var client = _fixture.Client("id=" + id);
        var frame = Path.Combine(Path.GetTempPath(), "frame-" + id + ".png");
        await File.WriteAllBytesAsync(frame, new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3 });
        try
        {
            var resolver = new MediaResolver(new TemporaryUploader(client), "wan2.2-i2v-plus", UploadMode.Upload);
            var url = await resolver.ResolveAsync(MediaInput.FromFile(MediaKind.Image, frame, UploadMode.Upload), CancellationToken.None);
            Assert.StartsWith("oss://", url);

            var request = new VideoSynthesisRequest("wan2.2-i2v-plus") { Prompt = "the cat walks", ImageUrl = url, Resolution = "720P" };
            var tasks = new TaskClient(client);
            var done = await tasks.WaitAsync((await tasks.SubmitAsync(request, CancellationToken.None)).TaskId, Fast, null, CancellationToken.None);
            Assert.Equal(QwenTaskStatus.Succeeded, done.Status);

            var submit = _fixture.Requests(id).Single(r => r.Path.EndsWith("video-synthesis", StringComparison.Ordinal));
            Assert.Equal("enable", submit.Headers["x-dashscope-ossresourceresolve"]);
            var body = Parse(submit.Body);
            Assert.Equal(url, body.GetProperty("input").GetProperty("img_url").GetString());
            Assert.Equal("720P", body.GetProperty("parameters").GetProperty("resolution").GetString());
        }
        finally
        {
            File.Delete(frame);
        }
    }

    [Fact]
    public async Task An_oss_url_without_the_resolve_header_is_the_services_refusal()
    {
        // A bare service request whose headers lack the resolve header, as a client that forgot it would send.
        var request = new VideoSynthesisRequest("wan2.2-i2v-plus") { Prompt = "x", ImageUrl = "oss://dashscope-instant/testserver/never/uploaded.png" };
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Client("id=" + _fixture.NewId("video-oss")).SendAsync(request, CancellationToken.None));
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("never uploaded", error.ServiceMessage);
    }

    [Fact]
    public async Task Image_to_video_without_a_first_frame_is_refused_by_the_service()
    {
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            new TaskClient(_fixture.Client("id=" + _fixture.NewId("video-no-frame"))).SubmitAsync(new VideoSynthesisRequest("wan2.2-i2v-plus") { Prompt = "x" }, CancellationToken.None));
        Assert.Contains("img_url", error.ServiceMessage);
    }
}
