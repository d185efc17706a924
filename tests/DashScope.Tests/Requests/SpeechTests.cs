using System.Text.Json;
using DashScope.Client;
using DashScope.Media;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Tests.Client;
using DashScope.TestServer;
using Xunit;
using static DashScope.Tests.TestJson;

namespace DashScope.Tests.Requests;

/// <summary>Speech synthesis over HTTP: Qwen-TTS and CosyVoice bodies, whole answers downloaded, streams written as they arrive.</summary>
public class SpeechTests : IClassFixture<TestServerFixture>, IDisposable
{
    private readonly TestServerFixture _fixture;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "speech-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public SpeechTests(TestServerFixture fixture)
    {
        _fixture = fixture;
        Directory.CreateDirectory(_folder);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Target(string name) => Path.Combine(_folder, name);

    [Fact]
    public void Qwen_tts_body_is_flat_input_as_the_sdks_send_it()
    {
        var request = new QwenTtsRequest("qwen3-tts-flash") { Text = "Today is a wonderful day to build something people love!", Voice = "Cherry", Language = "English" };
        JsonAssert.Equal(Parse("""{"model":"qwen3-tts-flash","input":{"text":"Today is a wonderful day to build something people love!","voice":"Cherry","language_type":"English"}}"""),
            Parse(System.Text.Encoding.UTF8.GetString(request.BuildBody()!)));
    }

    [Fact]
    public void Cosyvoice_body_has_everything_in_input_and_asks_pcm_for_a_streamed_wav()
    {
        var request = new CosyVoiceRequest("cosyvoice-v3-flash") { Text = "代码改变世界", Voice = "longanyang", Volume = 50, Rate = 1.2, AdditionalParameters = { ["pitch"] = 1.1 } };
        JsonAssert.Equal(Parse("""{"model":"cosyvoice-v3-flash","input":{"text":"代码改变世界","voice":"longanyang","format":"wav","sample_rate":24000,"volume":50,"rate":1.2,"pitch":1.1}}"""),
            Parse(System.Text.Encoding.UTF8.GetString(request.BuildBody()!)));
        request.Stream = true;
        Assert.Equal("pcm", Parse(System.Text.Encoding.UTF8.GetString(request.BuildBody()!)).GetProperty("input").GetProperty("format").GetString());
        request.Format = "mp3";
        Assert.Equal("mp3", Parse(System.Text.Encoding.UTF8.GetString(request.BuildBody()!)).GetProperty("input").GetProperty("format").GetString());
    }

    [Fact]
    public void Recorded_answer_shape_decodes_url_id_and_characters()
    {
        // The non-streamed answer as the Java SDK's test documents it.
        var answer = new QwenTtsRequest("qwen3-tts-flash").Decode(Parse("""
            {"output":{"audio":{"data":"","expires_at":1758187426,"id":"audio_d8ab01f8-1f4c-9e4b-8f52-a5c3e2bd0c33","url":"http://dashscope-result-sh.oss-cn-shanghai.aliyuncs.com/a.wav"},"finish_reason":"stop"},"usage":{"characters":56},"request_id":"d8ab01f8-1f4c-9e4b-8f52-a5c3e2bd0c33"}
            """), "d8ab01f8-1f4c-9e4b-8f52-a5c3e2bd0c33");
        Assert.True(answer.Finished);
        Assert.Empty(answer.Data);
        Assert.Equal("audio_d8ab01f8-1f4c-9e4b-8f52-a5c3e2bd0c33", answer.AudioId);
        Assert.Equal("http://dashscope-result-sh.oss-cn-shanghai.aliyuncs.com/a.wav", answer.Url!.AbsoluteUri);
        Assert.Equal(56, answer.Characters);
    }

    [Fact]
    public async Task Whole_qwen_tts_answer_is_downloaded_without_the_key()
    {
        var id = _fixture.NewId("tts-whole");
        var speech = await new SpeechClient(_fixture.Client("id=" + id)).SynthesizeAsync(
            new QwenTtsRequest("qwen3-tts-flash") { Text = "你好，世界", Voice = "Cherry" }, Target("hello.wav"), overwrite: false, null, CancellationToken.None);

        Assert.Equal(Target("hello.wav"), speech.Path);
        Assert.Equal(10, speech.Characters);
        Assert.False(speech.Streamed);
        var bytes = await File.ReadAllBytesAsync(speech.Path);
        Assert.Equal(bytes.Length, speech.Length);
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        var download = _fixture.Requests(id).Single(r => r.Path.Contains("/_results/", StringComparison.Ordinal));
        Assert.False(download.Headers.ContainsKey("authorization"));
        Assert.EndsWith(download.Path.Split('?')[0], speech.Url!.AbsolutePath);
    }

    [Fact]
    public async Task Streamed_qwen_tts_pcm_is_written_behind_a_wav_header()
    {
        var id = _fixture.NewId("tts-stream");
        const string text = "Streamed speech arrives in pieces of PCM audio.";
        var progress = new SyncProgress<DownloadProgress>();
        var speech = await new SpeechClient(_fixture.Client("id=" + id)).SynthesizeAsync(
            new QwenTtsRequest("qwen3-tts-flash") { Text = text, Voice = "Ethan", Stream = true }, Target("stream.wav"), overwrite: false, progress, CancellationToken.None);

        var pcm = MediaGenerationSimulator.SpeechBytes(text);
        var bytes = await File.ReadAllBytesAsync(speech.Path);
        Assert.Equal(WavHeader.For(pcm.Length, 24000), bytes[..44]);
        Assert.Equal(pcm, bytes[44..]);
        Assert.True(speech.Streamed);
        Assert.Equal(text.Length, speech.Characters);
        Assert.Equal(pcm.Length, progress.Reports.Last().BytesReceived);
        Assert.True(progress.Reports.Count > 1);
        Assert.Equal("enable", Assert.Single(_fixture.Requests(id)).Headers["x-dashscope-sse"]);
    }

    [Fact]
    public async Task Streamed_cosyvoice_mp3_is_the_pieces_joined()
    {
        const string text = "CosyVoice over HTTP, streamed as MP3.";
        var speech = await new SpeechClient(_fixture.Client("id=" + _fixture.NewId("cosy-mp3"))).SynthesizeAsync(
            new CosyVoiceRequest("cosyvoice-v3-flash") { Text = text, Voice = "longanyang", Format = "mp3", Stream = true }, Target("cosy.mp3"), overwrite: false, null, CancellationToken.None);

        Assert.Equal(MediaGenerationSimulator.SpeechBytes(text, "mp3"), await File.ReadAllBytesAsync(speech.Path));
        Assert.Equal("mp3", speech.Format);
    }

    [Fact]
    public async Task Whole_cosyvoice_answer_is_downloaded_in_the_asked_format()
    {
        var id = _fixture.NewId("cosy-whole");
        var speech = await new SpeechClient(_fixture.Client("id=" + id)).SynthesizeAsync(
            new CosyVoiceRequest("cosyvoice-v2") { Text = "代码改变世界", Voice = "longxiaochun_v2", Format = "mp3" }, Target("whole.mp3"), overwrite: false, null, CancellationToken.None);

        Assert.EndsWith(".mp3", speech.Url!.AbsolutePath);
        Assert.Equal(ResultFiles.DefaultSize, new FileInfo(speech.Path).Length);
        var sent = Parse(_fixture.Requests(id)[0].Body);
        Assert.Equal("mp3", sent.GetProperty("input").GetProperty("format").GetString());
        Assert.False(sent.TryGetProperty("parameters", out _));
    }

    [Fact]
    public async Task A_stream_that_breaks_leaves_no_file_and_keeps_the_old_one()
    {
        await File.WriteAllTextAsync(Target("old.wav"), "old");
        var error = await Assert.ThrowsAsync<DashScopeException>(() => new SpeechClient(_fixture.Client("drop=3,id=" + _fixture.NewId("tts-drop"))).SynthesizeAsync(
            new QwenTtsRequest("qwen3-tts-flash") { Text = "This stream will break after three pieces of audio.", Voice = "Cherry", Stream = true },
            Target("old.wav"), overwrite: true, null, CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.Network, error.Kind);
        Assert.Equal("old", await File.ReadAllTextAsync(Target("old.wav")));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task An_existing_file_is_kept_and_nothing_is_sent()
    {
        var id = _fixture.NewId("tts-exists");
        await File.WriteAllTextAsync(Target("exists.wav"), "mine");
        var error = await Assert.ThrowsAsync<DashScopeException>(() => new SpeechClient(_fixture.Client("id=" + id)).SynthesizeAsync(
            new QwenTtsRequest("qwen3-tts-flash") { Text = "x", Voice = "Cherry" }, Target("exists.wav"), overwrite: false, null, CancellationToken.None));

        Assert.Equal("FileExists", error.ErrorId);
        Assert.Equal("mine", await File.ReadAllTextAsync(Target("exists.wav")));
        Assert.Empty(_fixture.Requests(id));
    }

    [Fact]
    public async Task A_format_the_family_does_not_make_is_refused_before_sending()
    {
        var id = _fixture.NewId("tts-format");
        var error = await Assert.ThrowsAsync<DashScopeException>(() => new SpeechClient(_fixture.Client("id=" + id)).SynthesizeAsync(
            new QwenTtsRequest("qwen3-tts-flash") { Text = "x", Voice = "Cherry", Format = "mp3" }, Target("x.mp3"), overwrite: false, null, CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.InvalidInput, error.Kind);
        Assert.Contains("makes wav audio", error.Message);
        Assert.Empty(_fixture.Requests(id));
    }

    [Fact]
    public async Task An_unknown_voice_is_the_services_error()
    {
        var error = await Assert.ThrowsAsync<DashScopeException>(() => new SpeechClient(_fixture.Client("id=" + _fixture.NewId("tts-voice"))).SynthesizeAsync(
            new QwenTtsRequest("qwen3-tts-flash") { Text = "x", Voice = "Nobody" }, Target("voice.wav"), overwrite: false, null, CancellationToken.None));
        Assert.Equal("InvalidParameter", error.Code);
        Assert.Empty(Directory.GetFiles(_folder));
    }
}
