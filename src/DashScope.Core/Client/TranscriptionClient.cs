using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Json;
using DashScope.Models;

namespace DashScope.Client
{
    /// <summary>
    /// Reads the results of a finished file transcription task: for each file, the transcript JSON at its
    /// transcription_url (no key sent) as a <see cref="QwenTranscript"/> with its sentences; a file the service could
    /// not transcribe (subtask FAILED) is that file's error.
    /// </summary>
    public sealed class TranscriptionClient
    {
        /// <summary>Transcripts larger than this are not read (a 12-hour file with word times stays far below it).</summary>
        public const long MaximumTranscriptBytes = 256L * 1024 * 1024;

        private readonly DashScopeClient _client;

        public TranscriptionClient(DashScopeClient client)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
        }

        /// <summary>One outcome per file of the succeeded <paramref name="task"/> of <paramref name="model"/>, in the task's order.</summary>
        public async Task<IReadOnlyList<TranscriptionOutcome>> ReadAsync(QwenTask task, string model, CancellationToken cancellationToken)
        {
            if (task == null) throw new ArgumentNullException(nameof(task));
            var outcomes = new List<TranscriptionOutcome>();
            foreach (var file in Files(task))
            {
                var fileUrl = Text(file, "file_url") ?? string.Empty;
                var status = Text(file, "subtask_status");
                if (status != null && !string.Equals(status, "SUCCEEDED", StringComparison.OrdinalIgnoreCase))
                {
                    var code = Text(file, "code") ?? "TranscriptionFailed";
                    var message = Text(file, "message");
                    outcomes.Add(new TranscriptionOutcome(fileUrl, new DashScopeException(DashScopeErrorKind.Service,
                        "The transcription of " + fileUrl + " (task " + task.TaskId + ") failed: " + code + (message == null ? string.Empty : ": " + message),
                        null, code, message, task.RequestId)));
                    continue;
                }
                if (!(Text(file, "transcription_url") is string link) || !Uri.TryCreate(link, UriKind.Absolute, out var url))
                {
                    outcomes.Add(new TranscriptionOutcome(fileUrl, new DashScopeException(DashScopeErrorKind.Protocol,
                        "Task " + task.TaskId + " succeeded but names no transcript for " + fileUrl + ".")));
                    continue;
                }
                try
                {
                    var bytes = await _client.ReadResultAsync(url, MaximumTranscriptBytes, cancellationToken).ConfigureAwait(false);
                    var transcript = Parse(bytes, url);
                    transcript.TaskId = task.TaskId;
                    transcript.Model = task.Model ?? model;
                    transcript.RequestId = task.RequestId;
                    transcript.Usage = task.Usage;
                    outcomes.Add(new TranscriptionOutcome(fileUrl, transcript));
                }
                catch (DashScopeException failure)
                {
                    outcomes.Add(new TranscriptionOutcome(fileUrl, failure));
                }
            }
            return outcomes;
        }

        /// <summary>
        /// A transcript document: {"file_url", "properties":{"original_duration_in_milliseconds"}, "transcripts":[{"channel_id",
        /// "text", "sentences":[{"begin_time","end_time","text","speaker_id","emotion"}]}]}; times in milliseconds.
        /// </summary>
        public static QwenTranscript Parse(byte[] json, Uri source)
        {
            try
            {
                using (var document = JsonDocument.Parse(json))
                {
                    var root = document.RootElement;
                    var text = new StringBuilder();
                    var sentences = new List<QwenTranscriptSentence>();
                    string? language = null;
                    if (root.TryGet("transcripts", out var transcripts) && transcripts.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var channel in transcripts.EnumerateArray())
                        {
                            var channelId = channel.GetIntOrNull("channel_id") ?? 0;
                            if (text.Length > 0) text.Append('\n');
                            text.Append(channel.GetStringOrNull("text"));
                            if (!channel.TryGet("sentences", out var items) || items.ValueKind != JsonValueKind.Array) continue;
                            foreach (var item in items.EnumerateArray())
                            {
                                sentences.Add(new QwenTranscriptSentence
                                {
                                    Begin = TimeSpan.FromMilliseconds(item.GetDoubleOrNull("begin_time") ?? 0),
                                    End = TimeSpan.FromMilliseconds(item.GetDoubleOrNull("end_time") ?? 0),
                                    Text = item.GetStringOrNull("text") ?? string.Empty,
                                    Speaker = item.GetIntOrNull("speaker_id"),
                                    Channel = channelId,
                                    Emotion = item.GetStringOrNull("emotion"),
                                });
                                language = language ?? item.GetStringOrNull("language");
                            }
                        }
                    }
                    double? seconds = null;
                    if (root.TryGet("properties", out var properties) && properties.GetDoubleOrNull("original_duration_in_milliseconds") is double milliseconds)
                        seconds = milliseconds / 1000;
                    var fileUrl = root.GetStringOrNull("file_url");
                    return new QwenTranscript
                    {
                        File = fileUrl == null ? null : FileName(fileUrl),
                        Path = fileUrl,
                        Text = text.ToString(),
                        Language = language,
                        Seconds = seconds,
                        Sentences = sentences,
                    };
                }
            }
            catch (Exception exception) when (exception is JsonException || exception is InvalidOperationException || exception is FormatException)
            {
                throw new DashScopeException(DashScopeErrorKind.Protocol,
                    "The transcript at " + source.GetLeftPart(UriPartial.Path) + " is not the JSON this client reads: " + exception.Message, exception);
            }
        }

        /// <summary>results[] (Paraformer, Fun-ASR) or the single result (qwen3-asr-flash-filetrans).</summary>
        private static IEnumerable<IDictionary<string, object?>> Files(QwenTask task)
        {
            if (task.Output.TryGetValue("results", out var results) && results is IList<object?> list)
            {
                foreach (var item in list)
                {
                    if (item is IDictionary<string, object?> map) yield return map;
                }
            }
            else if (task.Output.TryGetValue("result", out var single) && single is IDictionary<string, object?> one)
            {
                yield return one;
            }
        }

        private static string FileName(string url)
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme != "oss")
                return Uri.UnescapeDataString(System.IO.Path.GetFileName(uri.AbsolutePath));
            var slash = url.LastIndexOf('/');
            return slash >= 0 ? url.Substring(slash + 1) : url;
        }

        private static string? Text(IDictionary<string, object?> map, string name) =>
            map.TryGetValue(name, out var value) && value is string text && text.Length > 0 ? text : null;
    }
}
