using System.Text.Json;
using System.Text.Json.Nodes;
using DashScope.Models;
using DashScope.Requests;
using Xunit;
using static DashScope.Tests.TestJson;

namespace DashScope.Tests.Requests;

/// <summary>Multimodal request bodies built from plain options, compared field by field with the recorded requests.</summary>
public class MultimodalBodyTests
{
    /// <summary>The built body; result_format (always sent by this client, absent from these recordings) is left out.</summary>
    private static JsonElement Built(ChatRequest request, bool stream = false)
    {
        var node = JsonNode.Parse(ChatRequestBuilder.Build(request, stream))!.AsObject();
        using (var check = JsonDocument.Parse(node.ToJsonString())) JsonAssert.NoDuplicateMembers(check.RootElement);
        var parameters = node["parameters"]!.AsObject();
        Assert.Equal("message", parameters["result_format"]!.GetValue<string>());
        parameters.Remove("result_format");
        if (parameters.Count == 0) node.Remove("parameters");
        return Parse(node.ToJsonString());
    }

    private static JsonElement Recorded(string name)
    {
        var node = JsonNode.Parse(TestPaths.RequestBody(name))!.AsObject();
        if (node["parameters"] is JsonObject { Count: 0 }) node.Remove("parameters");
        return Parse(node.ToJsonString());
    }

    private static QwenChatMessage System(string text) => new("system", text) { Parts = [QwenContentPart.FromText(text)] };

    private static QwenChatMessage User(params QwenContentPart[] parts) => new("user", null) { Parts = parts };

    [Fact]
    public void Vision_request_with_an_image_and_high_resolution_matches_the_recording()
    {
        var request = new ChatRequest
        {
            Model = "qwen-vl-plus",
            Multimodal = true,
            Messages =
            [
                System("You are a helpful assistant."),
                User(QwenContentPart.Image("https://dashscope.oss-cn-beijing.aliyuncs.com/images/dog_and_girl.jpeg"), QwenContentPart.FromText("这个图片是哪里，请用简短的语言回答")),
            ],
            Seed = 1234,
            TopK = 100,
            TopP = 0.81,
            HighResolutionImages = true,
            Temperature = 1.1,
            RepetitionPenalty = 1.3,
            PresencePenalty = 1.2,
        };
        // The recording sends stop as a single string; the typed -Stop is a list, so the string goes through AdditionalParameters.
        request = request with { AdditionalParameters = new Dictionary<string, object?>(request.AdditionalParameters) { ["stop"] = "你好" } };
        JsonAssert.Equal(Recorded("multimodal-generation-vl-nosse"), Built(request));
        Assert.Equal(ChatRequestBuilder.MultimodalGenerationPath, ChatRequestBuilder.PathFor(request));
        Assert.Null(ChatRequestBuilder.HeadersFor(request));
    }

    [Fact]
    public void Video_as_a_frame_list_matches_the_recording_and_keeps_the_order()
    {
        var frames = new[] { "football1", "football2", "football3", "football4" }
            .Select((name, i) => "https://help-static-aliyun-doc.aliyuncs.com/file-manage-files/zh-CN/20241108/" + new[] { "xzsgiz", "tdescd", "zefdja", "aedbqh" }[i] + "/" + name + ".jpg")
            .ToList();
        var request = new ChatRequest
        {
            Model = "qwen-vl-max",
            Multimodal = true,
            Messages = [User(QwenContentPart.VideoFrames(frames), QwenContentPart.FromText("描述这个视频的具体过程"))],
            Seed = 1234,
            TopP = 0.01,
            Temperature = 0.1,
            RepetitionPenalty = 1.05,
        };
        JsonAssert.Equal(Recorded("multimodal-generation-vl-video-nosse"), Built(request));
    }

    [Fact]
    public void Video_file_on_oss_with_fps_matches_the_recording_and_asks_for_resolution()
    {
        var video = QwenContentPart.Video("oss://dashscope-instant/52afe077fb4825c6d74411758cb1ab98/2025-11-15/0b590ae2-3904-4919-a886-d0a2e6ede1b8/sample.mp4");
        video.Fps = 2;
        var request = new ChatRequest
        {
            Model = "qwen-vl-max",
            Multimodal = true,
            Messages = [User(video, QwenContentPart.FromText("描述这个视频的具体过程"))],
        };
        JsonAssert.Equal(Recorded("multimodal-generation-vl-video-file-sse"), Built(request, stream: true));
        var headers = ChatRequestBuilder.HeadersFor(request);
        Assert.NotNull(headers);
        Assert.Equal("enable", headers!["X-DashScope-OssResourceResolve"]);
        var recordedHeaders = File.ReadAllText(TestPaths.Recording("multimodal-generation-vl-video-file-sse.request.header.txt"));
        Assert.Contains("X-DashScope-OssResourceResolve: enable", recordedHeaders);
    }

    [Fact]
    public void Ocr_request_with_pixel_bounds_and_a_prompt_matches_the_recording()
    {
        var image = QwenContentPart.Image("https://help-static-aliyun-doc.aliyuncs.com/file-manage-files/zh-CN/20241108/ctdzex/biaozhun.jpg");
        image.MinPixels = 3136;
        image.MaxPixels = 1003520;
        var request = new ChatRequest
        {
            Model = "qwen-vl-ocr",
            Multimodal = true,
            Messages = [User(image, QwenContentPart.FromText("Read all the text in the image."))],
            TopP = 0.01,
            Temperature = 0.1,
            RepetitionPenalty = 1.05,
            MaxTokens = 2000,
        };
        JsonAssert.Equal(Recorded("multimodal-generation-vl-ocr-nosse"), Built(request));
    }

    [Fact]
    public void Key_information_extraction_writes_the_nested_schema_in_order()
    {
        var schema = new Dictionary<string, object?>
        {
            ["乘车日期"] = "对应图中乘车日期时间，格式为年-月-日，比如2025-03-05",
            ["发票"] = new Dictionary<string, object?>
            {
                ["发票代码"] = "提取图中的发票代码，通常为一组数字或字母组合",
                ["发票号码"] = "提取发票上的号码，通常由纯数字组成。",
            },
        };
        var request = new ChatRequest
        {
            Model = "qwen-vl-ocr-latest",
            Multimodal = true,
            Messages = [User(QwenContentPart.Image("https://duguang-labelling.oss-cn-shanghai.aliyuncs.com/demo_ocr/receipt_zh_demo.jpg"))],
            Ocr = new OcrOptions { Task = OcrTask.KeyInformationExtraction, ResultSchema = schema },
        };
        var built = Built(request);
        JsonAssert.Equal(Recorded("multimodal-generation-vl-ocr-key-information-extraction-nosse"), built);
        var names = built.GetProperty("parameters").GetProperty("ocr_options").GetProperty("task_config").GetProperty("result_schema")
            .EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["乘车日期", "发票"], names);
    }

    [Fact]
    public void Advanced_recognition_matches_the_recording()
    {
        var request = new ChatRequest
        {
            Model = "qwen-vl-ocr-latest",
            Multimodal = true,
            Messages = [User(QwenContentPart.Image("https://help-static-aliyun-doc.aliyuncs.com/assets/img/zh-CN/5727078571/p1008252.png"))],
            Ocr = new OcrOptions { Task = OcrTask.AdvancedRecognition },
        };
        JsonAssert.Equal(Recorded("multimodal-generation-vl-ocr-advanced-recognition-nosse"), Built(request));
    }

    [Fact]
    public void Audio_question_matches_the_recording()
    {
        var request = new ChatRequest
        {
            Model = "qwen-audio-turbo",
            Multimodal = true,
            Messages =
            [
                System("You are a helpful assistant."),
                User(QwenContentPart.Audio("https://dashscope.oss-cn-beijing.aliyuncs.com/audios/2channel_16K.wav"), QwenContentPart.FromText("这段音频在说什么，请用简短的语言回答")),
            ],
            Seed = 1234,
            TopK = 100,
            TopP = 0.81,
        };
        JsonAssert.Equal(Recorded("multimodal-generation-audio-nosse"), Built(request));
    }

    [Fact]
    public void Audio_caption_stream_matches_the_recording()
    {
        var request = new ChatRequest
        {
            Model = "qwen3-omni-30b-a3b-captioner",
            Multimodal = true,
            Messages = [User(QwenContentPart.Audio("https://help-static-aliyun-doc.aliyuncs.com/file-manage-files/zh-CN/20240916/xvappi/%E8%A3%85%E4%BF%AE%E5%99%AA%E9%9F%B3.wav"))],
        };
        JsonAssert.Equal(Recorded("multimodal-generation-audio-caption-sse"), Built(request, stream: true));
    }

    [Fact]
    public void Speech_recognition_sends_the_context_system_message_and_asr_options_as_the_seed_shows()
    {
        var request = new ChatRequest
        {
            Model = "qwen3-asr-flash",
            Multimodal = true,
            Messages = [System(""), User(QwenContentPart.Audio("https://dashscope.oss-cn-beijing.aliyuncs.com/audios/welcome.mp3"))],
            Asr = new AsrOptions { EnableItn = true },
        };
        var expected = Parse("""
            {"model":"qwen3-asr-flash","input":{"messages":[
              {"content":[{"text":""}],"role":"system"},
              {"content":[{"audio":"https://dashscope.oss-cn-beijing.aliyuncs.com/audios/welcome.mp3"}],"role":"user"}]},
             "parameters":{"asr_options":{"enable_itn":true}}}
            """);
        JsonAssert.Equal(expected, Built(request));

        request = request with { Asr = new AsrOptions { Language = "en", EnableItn = false, EnableLid = true } };
        var options = Built(request).GetProperty("parameters").GetProperty("asr_options");
        Assert.Equal("en", options.GetProperty("language").GetString());
        Assert.False(options.GetProperty("enable_itn").GetBoolean());
        Assert.True(options.GetProperty("enable_lid").GetBoolean());
    }

    [Theory]
    [InlineData(OcrTask.TextRecognition, "text_recognition")]
    [InlineData(OcrTask.KeyInformationExtraction, "key_information_extraction")]
    [InlineData(OcrTask.TableParsing, "table_parsing")]
    [InlineData(OcrTask.DocumentParsing, "document_parsing")]
    [InlineData(OcrTask.FormulaRecognition, "formula_recognition")]
    [InlineData(OcrTask.MultiLanguage, "multi_lan")]
    [InlineData(OcrTask.AdvancedRecognition, "advanced_recognition")]
    public void Every_ocr_task_has_its_wire_name(OcrTask task, string wire)
    {
        Assert.Equal(wire, OcrOptions.WireName(task));
        var request = new ChatRequest { Model = "qwen-vl-ocr-latest", Messages = [User(QwenContentPart.Image("https://x/y.png"))], Ocr = new OcrOptions { Task = task } };
        var options = Built(request).GetProperty("parameters").GetProperty("ocr_options");
        Assert.Equal(wire, options.GetProperty("task").GetString());
        Assert.False(options.TryGetProperty("task_config", out _));
    }

    [Fact]
    public void Media_parts_force_the_multimodal_endpoint_and_plain_text_stays_on_the_text_endpoint()
    {
        var text = new ChatRequest { Model = "qwen-plus", Messages = [new QwenChatMessage("user", "hi")] };
        Assert.Equal(ChatRequestBuilder.TextGenerationPath, ChatRequestBuilder.PathFor(text));
        var media = new ChatRequest { Model = "some-model", Messages = [User(QwenContentPart.Image("data:image/png;base64,AAAA"), QwenContentPart.FromText("?"))] };
        Assert.Equal(ChatRequestBuilder.MultimodalGenerationPath, ChatRequestBuilder.PathFor(media));
        var forced = new ChatRequest { Model = "qwen-vl-max", Multimodal = true, Messages = [new QwenChatMessage("user", "hi")] };
        Assert.Equal(ChatRequestBuilder.MultimodalGenerationPath, ChatRequestBuilder.PathFor(forced));
        // A message without parts is written as one text part on the multimodal endpoint.
        var content = Built(forced).GetProperty("input").GetProperty("messages")[0].GetProperty("content");
        Assert.Equal("hi", content[0].GetProperty("text").GetString());
    }

    [Fact]
    public void An_oss_url_anywhere_in_the_conversation_asks_for_resolution()
    {
        var history = new QwenChatMessage("user", "q") { Parts = [QwenContentPart.Image("oss://dashscope-instant/x/a.png"), QwenContentPart.FromText("q")] };
        var request = new ChatRequest
        {
            Model = "qwen-vl-max",
            Messages = [history, new QwenChatMessage("assistant", "a"), User(QwenContentPart.FromText("and then?"))],
        };
        Assert.Equal("enable", ChatRequestBuilder.HeadersFor(request)!["X-DashScope-OssResourceResolve"]);
        var frames = new ChatRequest { Model = "qwen-vl-max", Messages = [User(QwenContentPart.VideoFrames(["https://x/1.jpg", "oss://b/2.jpg"]))] };
        Assert.NotNull(ChatRequestBuilder.HeadersFor(frames));
    }

    [Fact]
    public void Per_image_options_and_fps_are_written_beside_the_media()
    {
        var image = QwenContentPart.Image("https://x/a.png");
        image.MinPixels = 3136;
        image.MaxPixels = 6422528;
        image.EnableRotate = true;
        var video = QwenContentPart.VideoFrames(["https://x/1.jpg", "https://x/2.jpg"]);
        video.Fps = 0.5;
        var content = Built(new ChatRequest { Model = "qwen-vl-max", Messages = [User(image, video)] }).GetProperty("input").GetProperty("messages")[0].GetProperty("content");
        JsonAssert.Equal(Parse("""[{"image":"https://x/a.png","min_pixels":3136,"max_pixels":6422528,"enable_rotate":true},{"video":["https://x/1.jpg","https://x/2.jpg"],"fps":0.5}]"""), content);
    }
}
