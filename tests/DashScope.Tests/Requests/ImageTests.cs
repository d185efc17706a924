using System.Text.Json;
using DashScope.Client;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Tasks;
using DashScope.Tests.Client;
using DashScope.TestServer;
using Xunit;
using static DashScope.Tests.TestJson;

namespace DashScope.Tests.Requests;

/// <summary>Pictures: the wan text-to-image task and qwen-image on the multimodal endpoint, as recorded and simulated.</summary>
public class ImageTests : IClassFixture<TestServerFixture>
{
    private static readonly TaskWaitOptions Fast = new() { FirstInterval = TimeSpan.FromMilliseconds(20), MaximumInterval = TimeSpan.FromMilliseconds(50) };
    private readonly TestServerFixture _fixture;

    public ImageTests(TestServerFixture fixture)
    {
        _fixture = fixture;
    }

    /// <summary>The recorded wanx-v1 request (image-synthesis-nosse).</summary>
    public static ImageSynthesisRequest Recorded(int count = 4, string prompt = "一只奔跑的猫") => new("wanx-v1")
    {
        Prompt = prompt,
        Style = "<sketch>",
        Size = "1024*1024",
        Count = count,
        Seed = 42,
    };

    private static MultimodalImageRequest RecordedQwenImage() => new("qwen-image-max")
    {
        Prompt = "冬日北京的都市街景，青灰瓦顶、朱红色外墙的两间相邻中式商铺比肩而立，檐下悬挂印有剪纸马的暖光灯笼，在阴天漫射光中投下柔和光晕，映照湿润鹅卵石路面泛起细腻反光。",
        NegativePrompt = "低分辨率，低画质，肢体畸形，手指畸形，画面过饱和，蜡像感，人脸无细节，过度光滑，画面具有AI感。构图混乱。文字模糊，扭曲。",
        Count = 1,
        PromptExtend = true,
        Watermark = false,
        Size = "1664*928",
        Seed = 233,
    };

    [Fact]
    public void Synthesis_body_matches_the_recorded_request()
    {
        JsonAssert.Equal(Parse(TestPaths.RequestBody("image-synthesis-nosse")), Parse(System.Text.Encoding.UTF8.GetString(Recorded().BuildBody()!)));
        Assert.Equal("enable", Recorded().Headers!["X-DashScope-Async"]);
    }

    [Fact]
    public async Task Recorded_submit_and_result_give_the_four_pictures()
    {
        var task = await _fixture.Client("scenario=image-synthesis-nosse,id=" + _fixture.NewId("image-rec-submit")).SendAsync(Recorded(), CancellationToken.None);
        Assert.Equal("9e2b6ef6-285d-4efa-8651-4dbda7d571fa", task.TaskId);
        Assert.Equal(QwenTaskStatus.Pending, task.Status);
        Assert.Equal("wanx-v1", task.Model);

        var done = await new TaskClient(_fixture.Client("scenario=get-task-image-synthesis-success-nosse,id=" + _fixture.NewId("image-rec-get")))
            .GetAsync(task.TaskId, CancellationToken.None);
        var images = ImageSynthesisRequest.Images(done, "wanx-v1", "一只奔跑的猫");
        Assert.Equal([1, 2, 3, 4], images.Select(image => image.Index));
        Assert.Equal("https://dashscope-result-bj.oss-cn-beijing.aliyuncs.com/1d/d4/20240301/8d820c8d/4c48fa53-2907-499b-b9ac-76477fe8d299-1.png", images[0].Url!.AbsoluteUri);
        // wanx-v1 (2024) sends no prompts back: the one sent stands.
        Assert.All(images, image => Assert.Equal("一只奔跑的猫", image.Prompt));
        Assert.All(images, image => Assert.Equal("9e2b6ef6-285d-4efa-8651-4dbda7d571fa", image.TaskId));
        Assert.Equal(4L, images[0].Usage!.Details["image_count"]);
        Assert.Empty(ImageSynthesisRequest.FailedImages(done));
    }

    [Fact]
    public async Task Simulated_task_gives_the_extended_prompt_of_each_picture()
    {
        var id = _fixture.NewId("image-sim");
        var tasks = new TaskClient(_fixture.Client("id=" + id));
        var submitted = await tasks.SubmitAsync(new ImageSynthesisRequest("wan2.2-t2i-flash") { Prompt = "一只猫", Count = 2, NegativePrompt = "模糊" }, CancellationToken.None);
        var done = await tasks.WaitAsync(submitted.TaskId, Fast, null, CancellationToken.None);

        var images = ImageSynthesisRequest.Images(done, "wan2.2-t2i-flash", "一只猫");
        Assert.Equal(2, images.Count);
        Assert.All(images, image => Assert.Equal(TaskSimulator.ExtendedPrompt("一只猫"), image.Prompt));
        Assert.All(images, image => Assert.Equal("一只猫", image.OriginalPrompt));
        Assert.Equal(images.Select(image => image.Url), done.ResultUrls);
        var body = Parse(_fixture.Requests(id)[0].Body);
        Assert.Equal("模糊", body.GetProperty("input").GetProperty("negative_prompt").GetString());
        Assert.Equal(2, body.GetProperty("parameters").GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task Pictures_that_failed_in_a_succeeded_task_are_told_apart()
    {
        var tasks = new TaskClient(_fixture.Client("failimages=1,id=" + _fixture.NewId("image-partial")));
        var submitted = await tasks.SubmitAsync(new ImageSynthesisRequest("wan2.2-t2i-flash") { Prompt = "cat", Count = 3, PromptExtend = false }, CancellationToken.None);
        var done = await tasks.WaitAsync(submitted.TaskId, Fast, null, CancellationToken.None);

        var images = ImageSynthesisRequest.Images(done, "wan2.2-t2i-flash", "cat");
        Assert.Equal([1, 2], images.Select(image => image.Index));
        Assert.All(images, image => Assert.Equal("cat", image.Prompt));
        var failure = Assert.Single(ImageSynthesisRequest.FailedImages(done));
        Assert.Equal("DataInspectionFailed", failure.Code);
        Assert.Contains("Picture 3 of task " + done.TaskId, failure.Message);
    }

    [Theory]
    [InlineData("", "1024*1024", "No prompt")]
    [InlineData("cat", "1024x", "width*height")]
    public async Task Invalid_pictures_are_refused_before_anything_is_sent(string prompt, string size, string message)
    {
        var id = _fixture.NewId("image-invalid");
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Client("id=" + id).SendAsync(new ImageSynthesisRequest("wan2.2-t2i-flash") { Prompt = prompt, Size = size }, CancellationToken.None));
        Assert.Equal(DashScopeErrorKind.InvalidInput, error.Kind);
        Assert.Contains(message, error.Message);
        Assert.Empty(_fixture.Requests(id));
    }

    [Theory]
    [InlineData("1328x1328", "1328*1328")]
    [InlineData(" 1664 * 928 ", "1664*928")]
    [InlineData("1024×768", "1024*768")]
    [InlineData("big", null)]
    public void Sizes_are_normalised(string text, string? size)
    {
        Assert.Equal(size, ImageSizes.Normalize(text));
    }

    [Fact]
    public void Qwen_image_body_matches_the_recorded_request()
    {
        JsonAssert.Equal(Parse(TestPaths.RequestBody("multimodal-generation-image-nosse")), Parse(System.Text.Encoding.UTF8.GetString(RecordedQwenImage().BuildBody()!)));
        Assert.Null(RecordedQwenImage().Headers);
    }

    [Fact]
    public async Task Recorded_qwen_image_answer_is_one_picture_with_its_size()
    {
        var images = await _fixture.Client("scenario=multimodal-generation-image-nosse,id=" + _fixture.NewId("qwen-image-rec")).SendAsync(RecordedQwenImage(), CancellationToken.None);

        var image = Assert.Single(images);
        Assert.Equal(1, image.Index);
        Assert.StartsWith("https://dashscope-7c2c.oss-cn-shanghai.aliyuncs.com/7d/93/20260611/d23adf3d/5795d646-7395-91d2-85d7-34d8b99a3d8d233.png?Expires=1781778573", image.Url!.AbsoluteUri);
        Assert.Equal(1664, image.Width);
        Assert.Equal(928, image.Height);
        Assert.Equal("5795d646-7395-91d2-85d7-34d8b99a3d8d", image.RequestId);
        Assert.Equal("qwen-image-max", image.Model);
        Assert.Null(image.TaskId);
        Assert.Equal(1L, image.Usage!.Details["image_count"]);
    }

    [Fact]
    public async Task Simulated_qwen_image_answers_with_a_picture_on_the_result_host()
    {
        var id = _fixture.NewId("qwen-image-sim");
        var client = _fixture.Client("id=" + id);
        var image = Assert.Single(await client.SendAsync(new MultimodalImageRequest("qwen-image-plus") { Prompt = "a cat" }, CancellationToken.None));
        Assert.Equal(1328, image.Width);
        Assert.Equal(_fixture.Server.Address.Authority, image.Url!.Authority);

        var target = Path.Combine(Path.GetTempPath(), "qwen-image-" + id + ".png");
        try
        {
            var saved = await client.DownloadAsync(image.Url, target, overwrite: false, null, CancellationToken.None);
            Assert.Equal(ResultFiles.DefaultSize, saved.Length);
        }
        finally
        {
            File.Delete(target);
        }
    }

    [Fact]
    public async Task Qwen_image_makes_one_picture_per_call()
    {
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Client("id=" + _fixture.NewId("qwen-image-n")).SendAsync(new MultimodalImageRequest("qwen-image-plus") { Prompt = "a cat", Count = 2 }, CancellationToken.None));
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("n must be 1", error.ServiceMessage);
    }
}
