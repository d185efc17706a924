using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Streaming;
using DashScope.Transport;

namespace DashScope.Client
{
    /// <summary>A chat answer arriving event by event: each read decodes one event and adds it to the answer so far.</summary>
    public sealed class ChatStream : IDisposable
    {
        private readonly SseConnection _connection;
        private readonly ChatRequest _request;
        private readonly Stopwatch _watch;
        private readonly ChatAccumulator _accumulator = new ChatAccumulator();
        private readonly DiagnosticLog _log;
        private readonly ChatWire _wire;
        private bool _finished;

        internal ChatStream(SseConnection connection, ChatRequest request, Stopwatch watch, DiagnosticLog log, ChatWire wire)
        {
            _log = log;
            _wire = wire;
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

            var newCodeRuns = _accumulator.Add(chunk);
            // OpenAI-compatible events carry no id: they are numbered as DashScope numbers its own.
            var eventId = next!.Id == null ? _connection.EventCount.ToString(CultureInfo.InvariantCulture) : null;
            return new ChatStreamEvent(chunk, next, _request.Model, _connection.HeaderRequestId, newCodeRuns, eventId);
        }

        public void Dispose() => _connection.Dispose();
    }
}
