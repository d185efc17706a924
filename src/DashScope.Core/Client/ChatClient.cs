using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Streaming;

namespace DashScope.Client
{
    /// <summary>Chat over <see cref="DashScopeClient"/>: one request path for answers and streams.</summary>
    public sealed class ChatClient
    {
        private readonly DashScopeClient _client;

        public ChatClient(DashScopeClient client)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
        }

        /// <summary>
        /// True when the request must be streamed even if the caller wants one answer:
        /// thinking mode is refused by the service without a stream.
        /// </summary>
        public static bool NeedsStream(ChatRequest request) =>
            request.EnableThinking == true || CapabilityParameters.IsDeepResearchModel(request.Model) ||
            (request.AdditionalParameters.TryGetValue("enable_thinking", out var thinking) && thinking is bool enabled && enabled);

        /// <summary>Sends the request and returns the whole answer.</summary>
        public async Task<QwenChatResult> CompleteAsync(ChatRequest request, CancellationToken cancellationToken)
        {
            if (request.Stream || NeedsStream(request))
            {
                request.Stream = true;
                using (var stream = await StreamAsync(request, cancellationToken).ConfigureAwait(false))
                {
                    while (await stream.ReadAsync().ConfigureAwait(false) != null)
                    {
                    }
                    var streamed = stream.Result;
                    streamed.Streamed = false;
                    return streamed;
                }
            }

            var watch = Stopwatch.StartNew();
            var body = ChatRequestBuilder.Build(request);
            var bytes = await _client.PostJsonAsync(ChatRequestBuilder.PathFor(request), body, cancellationToken, ChatRequestBuilder.HeadersFor(request)).ConfigureAwait(false);
            var chunk = GenerationChunkDecoder.Decode(bytes);
            if (chunk.ErrorCode != null)
                throw DashScopeException.FromService(400, chunk.ErrorCode, chunk.ErrorMessage, chunk.RequestId);
            var accumulator = new ChatAccumulator();
            accumulator.Add(chunk);
            var result = accumulator.ToResult(request.Model, request.Messages, completed: true);
            result.Duration = watch.Elapsed;
            _client.Log.Write(string.Format(System.Globalization.CultureInfo.InvariantCulture,
                "Answer complete in {0} ms: finish {1}, usage {2}", watch.ElapsedMilliseconds, result.FinishReason, result.Usage));
            return result;
        }

        /// <summary>Opens a stream; read records from it as they arrive, then take its <see cref="ChatStream.Result"/>.</summary>
        public async Task<ChatStream> StreamAsync(ChatRequest request, CancellationToken cancellationToken)
        {
            request.Stream = true;
            var watch = Stopwatch.StartNew();
            var body = ChatRequestBuilder.Build(request);
            var connection = await _client.OpenStreamAsync(ChatRequestBuilder.PathFor(request), body, cancellationToken, ChatRequestBuilder.HeadersFor(request)).ConfigureAwait(false);
            return new ChatStream(connection, request, watch, _client.Log);
        }
    }

    /// <summary>A chat answer arriving event by event.</summary>
    public sealed class ChatStream : IDisposable
    {
        private readonly SseConnection _connection;
        private readonly ChatRequest _request;
        private readonly Stopwatch _watch;
        private readonly ChatAccumulator _accumulator = new ChatAccumulator();
        private bool _finished;

        private readonly Transport.DiagnosticLog _log;

        internal ChatStream(SseConnection connection, ChatRequest request, Stopwatch watch, Transport.DiagnosticLog log)
        {
            _log = log;
            _connection = connection;
            _request = request;
            _watch = watch;
        }

        /// <summary>The answer so far; complete once <see cref="ReadAsync"/> has returned null.</summary>
        public QwenChatResult Result
        {
            get
            {
                var result = _accumulator.ToResult(_request.Model, _request.Messages, _finished);
                result.Streamed = true;
                result.Duration = _watch.Elapsed;
                if (result.RequestId == null) result.RequestId = _connection.HeaderRequestId;
                return result;
            }
        }

        /// <summary>
        /// The next record, or null at the end. A failure is thrown as a <see cref="DashScopeException"/>
        /// whose PartialResult holds the text received until then.
        /// </summary>
        public async ValueTask<QwenChatStreamRecord?> ReadAsync()
        {
            if (_finished) return null;
            SseEvent? next;
            GenerationChunk chunk;
            try
            {
                next = await _connection.ReadAsync().ConfigureAwait(false);
                if (next == null)
                {
                    _finished = true;
                    _log.Write(string.Format(System.Globalization.CultureInfo.InvariantCulture,
                        "Stream complete in {0} ms: {1} events, finish {2}, usage {3}",
                        _watch.ElapsedMilliseconds, _connection.EventCount, _accumulator.FinishReason, _accumulator.Usage));
                    return null;
                }
                chunk = GenerationChunkDecoder.Decode(next.Data);
                if (chunk.ErrorCode != null)
                    throw DashScopeException.FromService(next.Status ?? 400, chunk.ErrorCode, chunk.ErrorMessage, chunk.RequestId);
            }
            catch (DashScopeException failure)
            {
                failure.PartialResult = Result;
                throw;
            }

            _accumulator.Add(chunk);
            LastChunk = chunk;
            return new QwenChatStreamRecord
            {
                Text = chunk.Text ?? string.Empty,
                Reasoning = string.IsNullOrEmpty(chunk.Reasoning) ? null : chunk.Reasoning,
                FinishReason = chunk.FinishReason,
                EventId = next.Id,
                ReceivedAt = next.ReceivedAt,
                RequestId = chunk.RequestId ?? _connection.HeaderRequestId,
                Model = _request.Model,
            };
        }

        /// <summary>The decoded payload of the record <see cref="ReadAsync"/> returned last (search results, deep-research details).</summary>
        public GenerationChunk? LastChunk { get; private set; }

        public void Dispose() => _connection.Dispose();
    }
}
