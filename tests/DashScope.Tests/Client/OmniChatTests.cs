using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Streaming;
using DashScope.TestServer;
using DashScope.Tests.Media;
using Xunit;

namespace DashScope.Tests.Client;

/// <summary>
/// Omni models against the loopback server: compatible protocol, streamed by themselves, the spoken answer saved as a
/// WAV file while it streams, and nothing left behind when the stream breaks or is cancelled.
/// </summary>
public sealed class OmniChatTests : IClassFixture<TestServerFixture>, IDisposable
{
    private readonly TestServerFixture _fixture;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "omni-" + Guid.NewGuid().ToString("N"));

    public OmniChatTests(TestServerFixture fixture)
    {
        _fixture = fixture;
        Directory.CreateDirectory(_folder);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private ChatRequest Speak(string prompt, string file, string model = "qwen3-omni-flash", string? voice = null) =>
        TestServerFixture.Ask(prompt, model) with
        {
            Modalities = ["text", "audio"],
            Voice = voice,
            AudioFile = new AudioTarget(Path.Combine(_folder, file)),
        };

    /// <summary>The PCM the server sends for an answer of <paramref name="tokens"/> tokens.</summary>
    private static byte[] SpeechOf(int tokens) => Enumerable.Range(0, tokens).SelectMany(CompatibleChatSimulator.SpeechFor).ToArray();

    [Fact]
    public async Task A_spoken_answer_streams_over_the_compatible_protocol_into_a_wav_of_the_pcm_received()
    {
        var id = _fixture.NewId("omni-audio");
        var result = await _fixture.Chat("id=" + id).SendAsync(Speak("hello", "hello.wav", voice: "Ethan"), CancellationToken.None);

        var answer = ChatSimulator.AnswerFor("qwen3-omni-flash", "hello");
        var tokens = ChatSimulator.Tokenize(answer).Count;
        Assert.Equal(answer, result.Text);
        Assert.Equal("stop", result.FinishReason);
        var audio = Assert.IsType<QwenChatAudio>(result.Audio);
        Assert.Equal(Path.Combine(_folder, "hello.wav"), audio.Path);
        Assert.Equal(tokens * CompatibleChatSimulator.SamplesPerToken * 2, audio.Bytes);
        Assert.Equal(TimeSpan.FromSeconds(tokens * 0.05), audio.Duration);
        Assert.Equal(24000, audio.SampleRate);
        Assert.Equal("Ethan", audio.Voice);
        Assert.StartsWith("audio_", audio.Id);
        Assert.NotNull(audio.ExpiresAt);

        var wav = StreamedWavFileTests.Read(audio.Path);
        Assert.Equal(("RIFF", "WAVE", 24000, 1, 16), (wav.Riff, wav.Wave, wav.SampleRate, wav.Channels, wav.Bits));
        Assert.Equal(audio.Bytes, wav.DataSize);
        Assert.Equal(36 + audio.Bytes, wav.RiffSize);
        Assert.Equal(SpeechOf(tokens), wav.Samples);
        Assert.Single(Directory.GetFiles(_folder));

        Assert.Equal(tokens * 2, result.Usage!.OutputAudioTokens);
        Assert.Equal(tokens, result.Usage.OutputTextTokens);
        Assert.Equal(result.Usage.OutputAudioTokens + result.Usage.OutputTextTokens, result.Usage.OutputTokens);

        var logged = Assert.Single(_fixture.Requests(id));
        Assert.Equal("/compatible-mode/v1/chat/completions", logged.Path);
        using var body = JsonDocument.Parse(logged.Body);
        Assert.True(body.RootElement.GetProperty("stream").GetBoolean());
        JsonAssert.Equal(JsonDocument.Parse("""["text","audio"]""").RootElement, body.RootElement.GetProperty("modalities"));
        JsonAssert.Equal(JsonDocument.Parse("""{"voice":"Ethan","format":"wav"}""").RootElement, body.RootElement.GetProperty("audio"));
    }

    [Fact]
    public async Task Stream_events_say_an_audio_piece_arrived_and_text_still_flows()
    {
        var observer = new TestServerFixture.Observer();
        var result = await _fixture.Chat("id=" + _fixture.NewId("omni-events")).SendAsync(Speak("你好", "zh.wav", model: "qwen3.5-omni-plus"), observer, CancellationToken.None);

        var spoken = observer.Events.Where(e => e.Content.HasFlag(ChatEventContent.Audio)).ToList();
        Assert.Equal(ChatSimulator.Tokenize(result.Text).Count, spoken.Count);
        Assert.All(spoken, e => Assert.Equal(CompatibleChatSimulator.SamplesPerToken * 2, e.AudioBytes));
        Assert.All(spoken, e => Assert.Equal(e.AudioBytes, e.ToRecord().AudioBytes));
        Assert.Equal(result.Text, string.Concat(observer.Events.Select(e => e.Text)));
        Assert.True(result.Streamed);
        Assert.Equal("Tina", result.Audio!.Voice); // the qwen3.5-omni default from the catalog
        Assert.Equal(spoken.Sum(e => e.AudioBytes), result.Audio.Bytes);
    }

    [Fact]
    public async Task Text_only_omni_answers_are_streamed_by_themselves_with_no_audio_asked_or_written()
    {
        var id = _fixture.NewId("omni-text");
        var result = await _fixture.Chat("id=" + id).SendAsync(TestServerFixture.Ask("hello", "qwen-omni-turbo"), CancellationToken.None);

        Assert.Null(result.Audio);
        Assert.Equal(ChatSimulator.AnswerFor("qwen-omni-turbo", "hello"), result.Text);
        using var body = JsonDocument.Parse(Assert.Single(_fixture.Requests(id)).Body);
        Assert.False(body.RootElement.TryGetProperty("modalities", out _));
        Assert.False(body.RootElement.TryGetProperty("audio", out _));
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task A_stream_that_breaks_leaves_no_audio_file()
    {
        var failure = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Chat("drop=6").SendAsync(Speak("hello", "dropped.wav"), CancellationToken.None));

        Assert.NotNull(failure.PartialResult);
        Assert.Null(((QwenChatResult)failure.PartialResult!).Audio);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task A_cancelled_stream_leaves_no_audio_file()
    {
        var id = _fixture.NewId("omni-cancel");
        using var cancel = new CancellationTokenSource();
        var observer = new CancelAfter(4, cancel);
        try
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                _fixture.Chat("hold=6,id=" + id).SendAsync(Speak("hello", "cancelled.wav"), observer, cancel.Token).WaitAsync(TimeSpan.FromSeconds(20)));
        }
        finally
        {
            _fixture.Server.Log.Release(id);
        }

        Assert.True(observer.AudioSeen > 0, "audio had been written before the cancellation");
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task An_existing_file_is_refused_before_anything_is_sent_unless_overwriting()
    {
        var id = _fixture.NewId("omni-exists");
        var target = Path.Combine(_folder, "exists.wav");
        File.WriteAllText(target, "old");

        var failure = await Assert.ThrowsAsync<DashScopeException>(() => _fixture.Chat("id=" + id).SendAsync(Speak("hello", "exists.wav"), CancellationToken.None));
        Assert.Equal("FileExists", failure.ErrorId);
        Assert.Empty(_fixture.Requests(id));
        Assert.Equal("old", File.ReadAllText(target));

        var result = await _fixture.Chat("id=" + id).SendAsync(Speak("hello", "exists.wav") with { AudioFile = new AudioTarget(target, Overwrite: true) }, CancellationToken.None);
        Assert.Equal(result.Audio!.Bytes, StreamedWavFileTests.Read(target).DataSize);
    }

    [Fact]
    public async Task Speech_from_a_model_that_does_not_speak_is_refused_before_anything_is_sent()
    {
        var id = _fixture.NewId("omni-refused");
        var failure = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Chat("id=" + id).SendAsync(Speak("hello", "plus.wav", model: "qwen-plus"), CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.InvalidInput, failure.Kind);
        Assert.Contains("qwen3-omni-flash", failure.Message);
        Assert.Empty(_fixture.Requests(id));
    }

    [Fact]
    public async Task The_test_server_refuses_an_omni_call_that_is_not_streamed_as_the_service_does()
    {
        using var http = new HttpClient();
        using var content = new StringContent("""{"model":"qwen3-omni-flash","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_fixture.Server.CompatibleBaseUri(), "chat/completions")) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestServerFixture.Key);
        using var response = await http.SendAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("only support stream mode", await response.Content.ReadAsStringAsync());
    }

    /// <summary>Cancels the call once it has seen <c>count</c> events, counting the audio pieces among them.</summary>
    private sealed class CancelAfter(int count, CancellationTokenSource cancel) : DashScope.Client.IChatStreamObserver
    {
        private int _seen;

        public int AudioSeen { get; private set; }

        public bool ShowsAnswer => true;

        public Task OnEventAsync(ChatStreamEvent chatEvent)
        {
            AudioSeen += chatEvent.AudioBytes;
            if (++_seen == count) cancel.Cancel();
            return Task.CompletedTask;
        }
    }
}
