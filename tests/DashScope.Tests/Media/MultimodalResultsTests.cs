using System.Text;
using DashScope.Media;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Streaming;
using DashScope.Tests.Streaming;
using Xunit;

namespace DashScope.Tests.Media;

/// <summary>The recorded multimodal responses through the product's decoder and accumulator, into the result objects.</summary>
public class MultimodalResultsTests
{
    private static readonly IReadOnlyList<QwenChatMessage> Question = [new QwenChatMessage("user", "?")];

    private static QwenChatResult Whole(string name)
    {
        var chunk = GenerationChunkDecoder.Decode(TestPaths.ResponseBody(name));
        Assert.Null(chunk.ErrorCode);
        var accumulator = new ChatAccumulator();
        accumulator.Add(chunk);
        return accumulator.ToResult("model", Question, completed: true);
    }

    private static QwenChatResult Streamed(string name)
    {
        var accumulator = new ChatAccumulator();
        foreach (var sseEvent in SseParserTests.Parse(TestPaths.ResponseBody(name)))
            accumulator.Add(GenerationChunkDecoder.Decode(sseEvent.Data));
        return accumulator.ToResult("model", Question, completed: true);
    }

    private static MediaInput Url(MediaKind kind, string url) => MediaInput.FromUrl(kind, url);

    [Fact]
    public void Vision_answer_with_image_tokens()
    {
        var result = Whole("multimodal-generation-vl-nosse");
        Assert.Equal("海滩。", result.Text);
        Assert.Equal("stop", result.FinishReason);
        Assert.Equal(3577, result.Usage!.ImageTokens);
        Assert.Equal(3613 + 3, result.Usage.TotalTokens);
        var vision = MultimodalResults.Vision(result, [Url(MediaKind.Image, "https://dashscope.oss-cn-beijing.aliyuncs.com/images/dog_and_girl.jpeg")], "where?");
        Assert.Equal("海滩。", vision.Text);
        Assert.Equal("https://dashscope.oss-cn-beijing.aliyuncs.com/images/dog_and_girl.jpeg", vision.File);
        Assert.Equal("e81aa922-be6c-9f9d-bd4f-0f43e21fd913", vision.RequestId);
        Assert.Equal(2, vision.History.Count);
    }

    [Fact]
    public void Vision_stream_joins_the_parts()
    {
        Assert.Equal(RecordedStream.ConcatenatedText("multimodal-generation-vl-sse"), Streamed("multimodal-generation-vl-sse").Text);
    }

    [Fact]
    public void Video_frames_answer_with_video_tokens()
    {
        var result = Whole("multimodal-generation-vl-video-nosse");
        Assert.StartsWith("这段视频展示了一场足球比赛", result.Text);
        Assert.Equal(1440, result.Usage!.VideoTokens);
    }

    [Fact]
    public void Video_file_stream_keeps_the_last_usage_with_video_tokens()
    {
        var result = Streamed("multimodal-generation-vl-video-file-sse");
        Assert.Equal(RecordedStream.ConcatenatedText("multimodal-generation-vl-video-file-sse"), result.Text);
        Assert.Equal(3586, result.Usage!.VideoTokens);
        Assert.Equal("stop", result.FinishReason);
    }

    [Fact]
    public void Audio_answer_with_audio_tokens_and_no_total_in_the_recording()
    {
        var result = Whole("multimodal-generation-audio-nosse");
        Assert.StartsWith("这段音频在说中文", result.Text);
        Assert.Equal(752, result.Usage!.AudioTokens);
        Assert.Equal(786 + 38, result.Usage.TotalTokens);
        var transcript = MultimodalResults.Transcript(result, Url(MediaKind.Audio, "https://dashscope.oss-cn-beijing.aliyuncs.com/audios/2channel_16K.wav"), "what?");
        Assert.Equal("2channel_16K.wav", transcript.File!.Split('/')[^1]);
        Assert.Null(transcript.Language);
        Assert.Equal("what?", transcript.Prompt);
    }

    [Fact]
    public void Audio_caption_stream_reads_audio_tokens_from_the_details()
    {
        var result = Streamed("multimodal-generation-audio-caption-sse");
        Assert.StartsWith("The audio clip is a short", result.Text);
        Assert.Equal(152, result.Usage!.AudioTokens);
    }

    [Fact]
    public void Speech_recognition_answer_gives_language_emotion_and_seconds()
    {
        // The answer shown in the seed (qwen3-asr-flash).
        const string seed = """
            {"output":{"choices":[{"finish_reason":"stop","message":{"annotations":[{"language":"zh","type":"audio_info","emotion":"neutral"}],
             "content":[{"text":"欢迎使用阿里云。"}],"role":"assistant"}}]},
             "usage":{"input_tokens_details":{"text_tokens":0},"output_tokens_details":{"text_tokens":6},"seconds":1},
             "request_id":"568e2bf0-d6f2-97f8-9f15-a57b11dc6977"}
            """;
        var accumulator = new ChatAccumulator();
        accumulator.Add(GenerationChunkDecoder.Decode(Encoding.UTF8.GetBytes(seed)));
        var result = accumulator.ToResult("qwen3-asr-flash", Question, completed: true);
        var transcript = MultimodalResults.Transcript(result, Url(MediaKind.Audio, "https://dashscope.oss-cn-beijing.aliyuncs.com/audios/welcome.mp3"), null);
        Assert.Equal("欢迎使用阿里云。", transcript.Text);
        Assert.Equal("zh", transcript.Language);
        Assert.Equal("neutral", transcript.Emotion);
        Assert.Equal(1, transcript.Seconds);
        Assert.Equal("568e2bf0-d6f2-97f8-9f15-a57b11dc6977", transcript.RequestId);
        Assert.Null(result.Usage!.InputTokens);
    }

    [Fact]
    public void Ocr_answer_is_plain_text()
    {
        var result = Whole("multimodal-generation-vl-ocr-nosse");
        var ocr = MultimodalResults.Ocr(result, Url(MediaKind.Image, "https://x/biaozhun.jpg"), null);
        Assert.StartsWith("读者对象", ocr.Text);
        Assert.Null(ocr.Fields);
        Assert.Empty(ocr.Words);
        Assert.Equal(1219, ocr.Usage!.ImageTokens);
    }

    [Fact]
    public void Key_information_extraction_reads_kv_result_with_nested_fields()
    {
        var result = Whole("multimodal-generation-vl-ocr-key-information-extraction-nosse");
        Assert.NotNull(result.OcrResult);
        var ocr = MultimodalResults.Ocr(result, Url(MediaKind.Image, "https://x/receipt_zh_demo.jpg"), OcrTask.KeyInformationExtraction);
        Assert.Equal("KeyInformationExtraction", ocr.Task);
        Assert.Equal("2013-06-29", ocr.Fields!["乘车日期"]);
        var invoice = Assert.IsAssignableFrom<IDictionary<string, object?>>(ocr.Fields["发票"]);
        Assert.Equal("221021325353", invoice["发票代码"]);
        Assert.Equal("10283819", invoice["发票号码"]);
        Assert.StartsWith("```json", ocr.Text);
        Assert.Equal(310, ocr.Usage!.ImageTokens);
    }

    [Fact]
    public void Key_information_extraction_falls_back_to_the_fenced_json_of_the_text()
    {
        var accumulator = new ChatAccumulator();
        accumulator.Add(new GenerationChunk { Text = "```json\n{\"a\": \"1\", \"b\": null}\n```" });
        var ocr = MultimodalResults.Ocr(accumulator.ToResult("m", Question, true), Url(MediaKind.Image, "https://x/y.png"), OcrTask.KeyInformationExtraction);
        Assert.Equal("1", ocr.Fields!["a"]);
        Assert.Null(ocr.Fields["b"]);
    }

    [Fact]
    public void Advanced_recognition_reads_words_with_four_corners_and_the_rotated_rectangle()
    {
        var result = Whole("multimodal-generation-vl-ocr-advanced-recognition-nosse");
        var ocr = MultimodalResults.Ocr(result, Url(MediaKind.Image, "https://x/p1008252.png"), OcrTask.AdvancedRecognition);
        Assert.Equal(12, ocr.Words.Count);
        var first = ocr.Words[0];
        Assert.Equal("INTERNATIONAL", first.Text);
        Assert.Equal([1704, 390, 4314, 390, 4314, 675, 1704, 675], first.Location.SelectMany(p => new[] { p.X, p.Y }));
        Assert.Equal(3009, first.RotateRect!.CenterX);
        Assert.Equal(532, first.RotateRect.CenterY);
        Assert.Equal(285, first.RotateRect.Width);
        Assert.Equal(2610, first.RotateRect.Height);
        Assert.Equal(90, first.RotateRect.Angle);
        Assert.Equal("你好!", ocr.Words[3].Text);
        Assert.Equal(-30, ocr.Words[6].Location[0].X);
        Assert.All(ocr.Words, word => Assert.Equal(4, word.Location.Count));
    }

    [Fact]
    public void Table_html_becomes_rows_named_by_the_header()
    {
        const string html = "<table><tr><th>Name</th><th></th><th>Name</th></tr><tr><td>a &amp; b</td><td>1<br/>2</td><td>x</td><td>extra</td></tr>" +
                            "<tr><td colspan=\"2\">wide</td><td>z</td></tr></table>";
        var rows = MultimodalResults.TableRows(html);
        Assert.Equal(2, rows.Count);
        Assert.Equal(["Name", "Column2", "Name2", "Column4"], rows[0].Select(c => c.Key));
        Assert.Equal(["a & b", "1 2", "x", "extra"], rows[0].Select(c => c.Value));
        Assert.Equal(["wide", "wide", "z", ""], rows[1].Select(c => c.Value));
    }

    [Theory]
    [InlineData("stop")]
    [InlineData("length")]
    public void Transcripts_and_ocr_results_say_why_the_answer_ended(string finish)
    {
        var chunk = GenerationChunkDecoder.Decode(Encoding.UTF8.GetBytes(
            "{\"output\":{\"choices\":[{\"finish_reason\":\"" + finish + "\",\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"欢迎\"}]}}]},\"request_id\":\"r\"}"));
        var accumulator = new ChatAccumulator();
        accumulator.Add(chunk);
        var result = accumulator.ToResult("m", Question, completed: true);

        Assert.Equal(finish, MultimodalResults.Transcript(result, Url(MediaKind.Audio, "https://x/a.wav"), null).FinishReason);
        Assert.Equal(finish, MultimodalResults.Ocr(result, Url(MediaKind.Image, "https://x/a.png"), null).FinishReason);
    }

    [Fact]
    public void Recorded_ocr_and_audio_answers_finish_with_stop()
    {
        Assert.Equal("stop", MultimodalResults.Ocr(Whole("multimodal-generation-vl-ocr-nosse"), Url(MediaKind.Image, "https://x/a.png"), null).FinishReason);
        Assert.Equal("stop", MultimodalResults.Ocr(Streamed("multimodal-generation-vl-ocr-sse"), Url(MediaKind.Image, "https://x/a.png"), null).FinishReason);
        Assert.Equal("stop", MultimodalResults.Transcript(Whole("multimodal-generation-audio-nosse"), Url(MediaKind.Audio, "https://x/a.wav"), null).FinishReason);
        Assert.Equal("stop", MultimodalResults.Transcript(Streamed("multimodal-generation-audio-sse"), Url(MediaKind.Audio, "https://x/a.wav"), null).FinishReason);
    }
}
