using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Media;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Streaming;
using DashScope.Transport;

namespace DashScope.Client
{
    /// <summary>
    /// A chat answer arriving event by event: each read decodes one event and adds it to the answer so far; pieces of a
    /// spoken answer go to its WAV file, which is complete when the stream is (and deleted when the stream breaks or is
    /// disposed before its end).
    /// </summary>
    public sealed class ChatStream : IDisposable
    {
        private readonly SseConnection _connection;
        private readonly ChatRequest _request;
        private readonly Stopwatch _watch;
        private readonly ChatAccumulator _accumulator = new ChatAccumulator();
        private readonly DiagnosticLog _log;
        private readonly ChatWire _wire;
        private readonly StreamedWavFile? _audio;
        private readonly CancellationToken _cancellationToken;
        private QwenChatAudio? _savedAudio;
        private AudioDelta? _audioSource;
        private bool _finished;

        internal ChatStream(SseConnection connection, ChatRequest request, Stopwatch watch, DiagnosticLog log, ChatWire wire,
            StreamedWavFile? audio = null, CancellationToken cancellationToken = default)
        {
            _log = log;
            _wire = wire;
            _audio = audio;
            _cancellationToken = cancellationToken;
            _connection = connection;
            _request = request;
            _watch = watch;
        }

        /// <summary>True when the caller shows the events (the result is then marked as streamed).</summary>
        public bool Observed { get; set; } = true;

        /// <summary>The answer so far; complete once <see cref="ReadAsync"/> has returned null.</summary>
        public QwenChatResult Result
        {
            get
            {
                var result = _accumulator.ToResult(_request.Model, _request.Messages, _finished);
                result.Streamed = Observed;
                result.Prompt = _request.Prompt;
                result.Duration = _watch.Elapsed;
                result.Audio = _savedAudio;
                if (result.RequestId == null) result.RequestId = _connection.HeaderRequestId;
                return result;
            }
        }

        /// <summary>
        /// The next event, or null at the end. A failure is thrown as a <see cref="DashScopeException"/>
        /// whose PartialResult holds the text received until then.
        /// </summary>
        public async ValueTask<ChatStreamEvent?> ReadAsync()
        {
            if (_finished) return null;
            SseEvent? next;
            GenerationChunk? chunk;
            try
            {
                next = await _connection.ReadAsync().ConfigureAwait(false);
                // The end of the connection, or the event that ends an OpenAI-compatible stream (data: [DONE]).
                chunk = next == null ? null : _wire.DecodeEvent(next, _connection.HeaderRequestId);
                if (chunk == null)
                {
                    await SaveAudioAsync().ConfigureAwait(false);
                    _finished = true;
                    _log.Write(string.Format(CultureInfo.InvariantCulture,
                        "Stream complete in {0} ms: {1} events, finish {2}, usage {3}",
                        _watch.ElapsedMilliseconds, _connection.EventCount, _accumulator.FinishReason, _accumulator.Usage));
                    return null;
                }
            }
            catch (DashScopeException failure)
            {
                failure.PartialResult = Result;
                throw;
            }

            if (chunk.Audio != null) await WriteAudioAsync(chunk.Audio).ConfigureAwait(false);
            var newCodeRuns = _accumulator.Add(chunk);
            // OpenAI-compatible events carry no id: they are numbered as DashScope numbers its own.
            var eventId = next!.Id == null ? _connection.EventCount.ToString(CultureInfo.InvariantCulture) : null;
            return new ChatStreamEvent(chunk, next, _request.Model, _connection.HeaderRequestId, newCodeRuns, eventId);
        }

        public void Dispose()
        {
            _audio?.Dispose();
            _connection.Dispose();
        }

        private async Task WriteAudioAsync(AudioDelta piece)
        {
            if (_audio == null || string.IsNullOrEmpty(piece.Data)) return;
            if (_audioSource == null || piece.Id != null || piece.ExpiresAt != null) _audioSource = piece;
            try
            {
                await _audio.WriteAsync(piece.Data!, _cancellationToken).ConfigureAwait(false);
            }
            catch (DashScopeException failure)
            {
                failure.PartialResult = Result;
                throw;
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                    "The spoken answer could not be written to '" + _audio.Target + "': " + exception.Message, exception) { PartialResult = Result };
            }
        }

        /// <summary>Completes the WAV file at the end of the stream (no file when no speech came).</summary>
        private async Task SaveAudioAsync()
        {
            if (_audio == null) return;
            try
            {
                if (!await _audio.CompleteAsync(_cancellationToken).ConfigureAwait(false))
                {
                    _log.Write("The answer came without speech; no audio file was written.");
                    return;
                }
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                    "The spoken answer could not be saved to '" + _audio.Target + "': " + exception.Message, exception);
            }
            _savedAudio = new QwenChatAudio
            {
                Path = _audio.Target,
                Bytes = _audio.DataBytes,
                Duration = _audio.Duration,
                SampleRate = _audio.SampleRate,
                Voice = _request.Voice ?? Catalog.ModelCatalog.Default.Find(_request.Model).DefaultVoice(_request.Model),
                Id = _audioSource?.Id,
                ExpiresAt = _audioSource?.ExpiresAt is long seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : (DateTimeOffset?)null,
            };
            _log.Write(string.Format(CultureInfo.InvariantCulture, "Spoken answer saved: {0} ({1} bytes of audio, {2:0.0} s)",
                _savedAudio.Path, _savedAudio.Bytes, _savedAudio.Duration.TotalSeconds));
        }
    }
}
