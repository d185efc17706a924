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

/// <summary>File transcription as a task: the bodies of both model families, temporary uploads, and the transcripts read from the result host.</summary>
public class TranscriptionTests : IClassFixture<TestServerFixture>
{
    private static readonly TaskWaitOptions Fast = new() { FirstInterval = TimeSpan.FromMilliseconds(20), MaximumInterval = TimeSpan.FromMilliseconds(50) };
    private readonly TestServerFixture _fixture;

    public TranscriptionTests(TestServerFixture fixture)
    {
        _fixture = fixture;
    }

    private static string Body(TranscriptionRequest request) => System.Text.Encoding.UTF8.GetString(request.BuildBody()!);

    [Fact]
    public void Paraformer_body_matches_the_documented_request()
    {
        var request = new TranscriptionRequest("paraformer-v2")
        {
            FileUrls = ["https://dashscope.oss-cn-beijing.aliyuncs.com/samples/audio/paraformer/hello_world_female2.wav"],
            Channels = [0],
            LanguageHints = ["zh", "en"],
            Diarization = true,
            SpeakerCount = 2,
        };
        JsonAssert.Equal(Parse("""
            {"model":"paraformer-v2","input":{"file_urls":["https://dashscope.oss-cn-beijing.aliyuncs.com/samples/audio/paraformer/hello_world_female2.wav"]},"parameters":{"channel_id":[0],"language_hints":["zh","en"],"diarization_enabled":true,"speaker_count":2}}
            """), Parse(Body(request)));
        Assert.Equal("enable", request.Headers!["X-DashScope-Async"]);
    }

    [Fact]
    public void Qwen3_filetrans_takes_one_file_url()
    {
        var request = new TranscriptionRequest("qwen3-asr-flash-filetrans") { FileUrls = ["https://x/a.wav"] };
        Assert.Equal("""{"file_url":"https://x/a.wav"}""", Parse(Body(request)).GetProperty("input").GetRawText());
        request.FileUrls.Add("https://x/b.wav");
        Assert.Contains("one file per task", Assert.Throws<DashScopeException>(() => request.Validate()).Message);
    }

    [Theory]
    [InlineData("ftp://x/a.wav")]
    [InlineData("C:/audio/a.wav")]
    public void Only_http_and_oss_urls_are_sent(string url)
    {
        var error = Assert.Throws<DashScopeException>(() => new TranscriptionRequest("paraformer-v2") { FileUrls = [url] }.Validate());
        Assert.Equal(DashScopeErrorKind.InvalidInput, error.Kind);
    }

    [Fact]
    public async Task A_task_of_two_files_gives_two_transcripts_with_sentences_and_speakers()
    {
        var id = _fixture.NewId("transcribe-two");
        var client = _fixture.Client("id=" + id);
        var tasks = new TaskClient(client);
        var request = new TranscriptionRequest("paraformer-v2") { FileUrls = ["https://x/first%20call.wav", "https://x/second.mp3"], Diarization = true, SpeakerCount = 2 };
        var done = await tasks.WaitAsync((await tasks.SubmitAsync(request, CancellationToken.None)).TaskId, Fast, null, CancellationToken.None);
        Assert.Equal(2, done.Metrics!.Total);

        var outcomes = await new TranscriptionClient(client).ReadAsync(done, "paraformer-v2", CancellationToken.None);
        Assert.Equal(["https://x/first%20call.wav", "https://x/second.mp3"], outcomes.Select(o => o.FileUrl));
        var transcript = outcomes[0].Transcript!;
        Assert.Equal("first call.wav", transcript.File);
        Assert.Equal(string.Concat(Transcription.Sentences), transcript.Text);
        Assert.Equal(Transcription.Sentences, transcript.Sentences.Select(s => s.Text));
        Assert.Equal([0, 1, 0], transcript.Sentences.Select(s => s.Speaker ?? -1));
        Assert.Equal(TimeSpan.FromMilliseconds(2500), transcript.Sentences[1].Begin);
        Assert.Equal(TimeSpan.FromMilliseconds(4900), transcript.Sentences[1].End);
        Assert.Equal(7.5, transcript.Seconds);
        Assert.Equal(done.TaskId, transcript.TaskId);
        Assert.Equal("paraformer-v2", transcript.Model);
        Assert.Equal("second.mp3", outcomes[1].Transcript!.File);
        // The transcripts were fetched without the key.
        Assert.All(_fixture.Requests(id).Where(r => r.Path.Contains("/_results/", StringComparison.Ordinal)), r => Assert.False(r.Headers.ContainsKey("authorization")));
    }

    [Fact]
    public async Task Without_diarization_sentences_have_no_speaker()
    {
        var client = _fixture.Client("id=" + _fixture.NewId("transcribe-plain"));
        var tasks = new TaskClient(client);
        var done = await tasks.WaitAsync((await tasks.SubmitAsync(new TranscriptionRequest("qwen3-asr-flash-filetrans") { FileUrls = ["https://x/a.wav"] }, CancellationToken.None)).TaskId,
            Fast, null, CancellationToken.None);

        var transcript = Assert.Single(await new TranscriptionClient(client).ReadAsync(done, "paraformer-v2", CancellationToken.None)).Transcript!;
        Assert.All(transcript.Sentences, sentence => Assert.Null(sentence.Speaker));
        Assert.Equal(7.0, done.Usage!.Seconds);
    }

    [Fact]
    public async Task A_local_file_goes_through_the_temporary_upload_and_the_resolve_header()
    {
        var id = _fixture.NewId("transcribe-upload");
        var client = _fixture.Client("id=" + id);
        var audio = Path.Combine(Path.GetTempPath(), "long-" + id + ".mp3");
        await File.WriteAllBytesAsync(audio, new byte[4096]);
        try
        {
            var url = await new MediaResolver(new TemporaryUploader(client), "paraformer-v2", UploadMode.Upload)
                .ResolveAsync(MediaInput.FromFile(MediaKind.Audio, audio, UploadMode.Upload), CancellationToken.None);
            var tasks = new TaskClient(client);
            var done = await tasks.WaitAsync((await tasks.SubmitAsync(new TranscriptionRequest("paraformer-v2") { FileUrls = [url] }, CancellationToken.None)).TaskId,
                Fast, null, CancellationToken.None);
            var outcome = Assert.Single(await new TranscriptionClient(client).ReadAsync(done, "paraformer-v2", CancellationToken.None));

            Assert.Equal(url, outcome.FileUrl);
            Assert.Equal(Path.GetFileName(audio), outcome.Transcript!.File);
            var submit = _fixture.Requests(id).Single(r => r.Path.EndsWith("/transcription", StringComparison.Ordinal));
            Assert.Equal("enable", submit.Headers["x-dashscope-ossresourceresolve"]);
        }
        finally
        {
            File.Delete(audio);
        }
    }

    [Fact]
    public async Task A_transcript_download_that_breaks_is_that_files_error()
    {
        var client = _fixture.Client("breakat=100,id=" + _fixture.NewId("transcribe-break"));
        var tasks = new TaskClient(client);
        var done = await tasks.WaitAsync((await tasks.SubmitAsync(new TranscriptionRequest("paraformer-v2") { FileUrls = ["https://x/a.wav"] }, CancellationToken.None)).TaskId,
            Fast, null, CancellationToken.None);

        var outcome = Assert.Single(await new TranscriptionClient(client).ReadAsync(done, "paraformer-v2", CancellationToken.None));
        Assert.Null(outcome.Transcript);
        Assert.Equal(DashScopeErrorKind.Network, outcome.Error!.Kind);
        Assert.Contains("broke after 100", outcome.Error.Message);
    }

    [Fact]
    public async Task A_file_the_service_could_not_transcribe_is_that_files_error()
    {
        var task = new QwenTask
        {
            TaskId = "t-1",
            Status = QwenTaskStatus.Succeeded,
            Output = new Dictionary<string, object?>
            {
                ["results"] = new List<object?>
                {
                    new Dictionary<string, object?> { ["file_url"] = "https://x/bad.wav", ["subtask_status"] = "FAILED", ["code"] = "InvalidFile.DownloadFailed", ["message"] = "The audio file cannot be downloaded." },
                },
            },
        };
        var outcome = Assert.Single(await new TranscriptionClient(_fixture.Client("id=" + _fixture.NewId("transcribe-failed"))).ReadAsync(task, "paraformer-v2", CancellationToken.None));
        Assert.Equal("InvalidFile.DownloadFailed", outcome.Error!.Code);
        Assert.Contains("https://x/bad.wav", outcome.Error.Message);
    }

    [Fact]
    public async Task A_result_larger_than_allowed_is_not_read_into_memory()
    {
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Client("id=" + _fixture.NewId("result-large")).ReadResultAsync(_fixture.Server.ResultUri("filesize=5000", "big.json"), 1000, CancellationToken.None));
        Assert.Equal(DashScopeErrorKind.Protocol, error.Kind);
        Assert.Contains("larger than the 1,000 bytes", error.Message);
    }

    [Fact]
    public void A_transcript_that_is_not_json_is_a_protocol_error()
    {
        var error = Assert.Throws<DashScopeException>(() => TranscriptionClient.Parse("<xml/>"u8.ToArray(), new Uri("https://x/t.json?Signature=secret")));
        Assert.Equal(DashScopeErrorKind.Protocol, error.Kind);
        Assert.DoesNotContain("secret", error.Message);
    }
}
