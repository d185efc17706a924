using System.Text.Json.Nodes;

namespace DashScope.TestServer;

/// <summary>
/// The transcript a simulated file transcription gives (the JSON at a task's transcription_url): the same sentences for
/// every file, 2.5 s each, with speaker ids taking turns when diarization was asked for.
/// </summary>
public static class Transcription
{
    public const int SentenceMilliseconds = 2500;

    public static readonly string[] Sentences =
    [
        "Hello World，这里是阿里巴巴语音实验室。",
        "This is the DashScope test server transcribing a long recording.",
        "第三句话在这里结束。",
    ];

    /// <summary>The transcript document, as GET transcription_url returns it.</summary>
    public static JsonObject Json(string fileUrl, bool diarize, int speakers)
    {
        var sentences = new JsonArray();
        for (var i = 0; i < Sentences.Length; i++)
        {
            var sentence = new JsonObject
            {
                ["begin_time"] = i * SentenceMilliseconds,
                ["end_time"] = (i + 1) * SentenceMilliseconds - 100,
                ["text"] = Sentences[i],
                ["sentence_id"] = i + 1,
            };
            if (diarize) sentence["speaker_id"] = i % Math.Max(1, speakers);
            sentence["words"] = new JsonArray();
            sentences.Add(sentence);
        }
        var total = Sentences.Length * SentenceMilliseconds;
        return new JsonObject
        {
            ["file_url"] = fileUrl,
            ["properties"] = new JsonObject
            {
                ["audio_format"] = "pcm_s16le",
                ["channels"] = new JsonArray(0),
                ["original_sampling_rate"] = 16000,
                ["original_duration_in_milliseconds"] = total,
            },
            ["transcripts"] = new JsonArray(new JsonObject
            {
                ["channel_id"] = 0,
                ["content_duration_in_milliseconds"] = total - 300,
                ["text"] = string.Concat(Sentences),
                ["sentences"] = sentences,
            }),
        };
    }
}
