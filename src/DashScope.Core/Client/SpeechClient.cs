using System;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Media;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Streaming;

namespace DashScope.Client
{
    /// <summary>
    /// Sends a <see cref="SpeechRequest"/> and saves the audio, whole or not at all (a temporary file beside the target,
    /// renamed once complete; an existing target is kept unless overwriting). Streamed, the pieces go to disk as they
    /// arrive (PCM pieces behind a WAV header when the file is wav); else the answer's URL is downloaded (no key sent).
    /// </summary>
    public sealed class SpeechClient
    {
        private readonly DashScopeClient _client;

        public SpeechClient(DashScopeClient client)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
        }

        public async Task<QwenSpeech> SynthesizeAsync(SpeechRequest request, string targetPath, bool overwrite, IProgress<DownloadProgress>? progress,
            CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            request.Validate();
            var file = AtomicFile.Prepare(targetPath, overwrite, "the speech");
            var speech = new QwenSpeech
            {
                Path = file.Target,
                Text = request.Text,
                Model = request.Model,
                Voice = request.Voice,
                Format = request.Format.ToLowerInvariant(),
                Streamed = request.Stream,
            };
            if (request.Stream)
            {
                await StreamAsync(request, file, speech, progress, cancellationToken).ConfigureAwait(false);
                return speech;
            }

            var answer = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            Take(answer, speech);
            if (answer.Url != null)
            {
                var saved = await _client.DownloadAsync(answer.Url, file, progress, withKey: false, cancellationToken).ConfigureAwait(false);
                speech.Length = saved.Length;
                return speech;
            }
            if (answer.Data.Length == 0)
                throw new DashScopeException(DashScopeErrorKind.Protocol, "DashScope answered the speech request without audio (request id " + (answer.RequestId ?? "none") + ").");
            await file.WriteAsync(async stream => await stream.WriteAsync(answer.Data, 0, answer.Data.Length, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            speech.Length = answer.Data.Length;
            return speech;
        }

        private async Task StreamAsync(SpeechRequest request, AtomicFile file, QwenSpeech speech, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
        {
            var wrap = request.StreamsPcm && string.Equals(request.Format, "wav", StringComparison.OrdinalIgnoreCase);
            var body = request.BuildBody()!;
            using (var connection = await _client.OpenStreamAsync(request.Path, body, cancellationToken, request.Headers).ConfigureAwait(false))
            {
                await file.WriteAsync(async stream =>
                {
                    if (wrap) await stream.WriteAsync(new byte[WavHeader.Length], 0, WavHeader.Length, cancellationToken).ConfigureAwait(false);
                    long audioBytes = 0;
                    var finished = false;
                    var source = new Uri(_client.Settings.BaseUri, request.Path);
                    while (await connection.ReadAsync().ConfigureAwait(false) is SseEvent next)
                    {
                        var answer = DecodeEvent(request, next, connection.HeaderRequestId);
                        Take(answer, speech);
                        if (answer.Data.Length > 0)
                        {
                            await stream.WriteAsync(answer.Data, 0, answer.Data.Length, cancellationToken).ConfigureAwait(false);
                            audioBytes += answer.Data.Length;
                            progress?.Report(new DownloadProgress(source, file.Target, audioBytes, null));
                        }
                        finished |= answer.Finished;
                    }
                    if (!finished)
                        throw new DashScopeException(DashScopeErrorKind.Network,
                            "The speech stream ended before the service finished it, after " + audioBytes + " bytes of audio; nothing was saved.");
                    if (wrap)
                    {
                        stream.Seek(0, SeekOrigin.Begin);
                        var header = WavHeader.For(audioBytes, request.SampleRate);
                        await stream.WriteAsync(header, 0, header.Length, cancellationToken).ConfigureAwait(false);
                    }
                    speech.Length = stream.Length;
                }).ConfigureAwait(false);
            }
        }

        private static SpeechAnswer DecodeEvent(SpeechRequest request, SseEvent next, string? headerRequestId)
        {
            try
            {
                using (var document = JsonDocument.Parse(Utf8Bom.Skip(next.Data)))
                {
                    var root = document.RootElement;
                    return request.Decode(root, root.ValueKind == JsonValueKind.Object && root.TryGetProperty("request_id", out var id) ? id.GetString() : headerRequestId);
                }
            }
            catch (Exception exception) when (exception is JsonException || exception is FormatException || exception is InvalidOperationException)
            {
                throw new DashScopeException(DashScopeErrorKind.Protocol, "DashScope sent a speech event this client cannot read: " + exception.Message, exception);
            }
        }

        private static void Take(SpeechAnswer answer, QwenSpeech speech)
        {
            speech.RequestId = answer.RequestId ?? speech.RequestId;
            speech.Url = answer.Url ?? speech.Url;
            if (answer.Usage != null) speech.Usage = answer.Usage;
            if (answer.Characters.HasValue) speech.Characters = answer.Characters;
        }
    }
}
