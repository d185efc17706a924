using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Streaming;

namespace DashScope.Client
{
    /// <summary>
    /// An open event stream. Events are handed out as soon as their bytes arrive; an "error" event
    /// becomes a <see cref="DashScopeException"/>. A whole JSON answer instead of a stream (Content-Type
    /// application/json, as the official SDKs accept it) is one event holding the body. Disposing closes the connection.
    /// </summary>
    public sealed class SseConnection : IDisposable
    {
        private const int BufferSize = 16 * 1024;

        private readonly HttpResponseMessage _response;
        private readonly Stream _body;
        private readonly TimeSpan _idleTimeout;
        private readonly CancellationTokenSource _idle = new CancellationTokenSource();
        private readonly CancellationTokenSource _linked;
        private readonly CancellationToken _callToken;
        private readonly Func<bool> _totalTimeoutElapsed;
        private readonly SseParser _parser = new SseParser();
        private readonly List<SseEvent> _pending = new List<SseEvent>();
        private readonly byte[] _buffer = new byte[BufferSize];
        private readonly CancellationTokenRegistration _closeOnCancel;
        private readonly MemoryStream? _wholeBody;
        private IDisposable? _owned;
        private int _next;
        private bool _ended;
        private int _disposed;

        internal SseConnection(HttpResponseMessage response, Stream body, TimeSpan idleTimeout,
            CancellationToken callToken, Func<bool> totalTimeoutElapsed)
        {
            _response = response;
            _body = body;
            _idleTimeout = idleTimeout;
            _callToken = callToken;
            _totalTimeoutElapsed = totalTimeoutElapsed;
            _linked = CancellationTokenSource.CreateLinkedTokenSource(callToken, _idle.Token);
            // Some stream implementations ignore the token; closing the response always unblocks a read.
            _closeOnCancel = _linked.Token.Register(state => ((SseConnection)state!).CloseResponse(), this);
            HeaderRequestId = DashScopeClient.RequestIdOf(response);
            if (string.Equals(response.Content?.Headers.ContentType?.MediaType, "application/json", StringComparison.OrdinalIgnoreCase))
                _wholeBody = new MemoryStream();
        }

        /// <summary>The x-request-id response header.</summary>
        public string? HeaderRequestId { get; }

        public int HttpStatus => (int)_response.StatusCode;

        /// <summary>Events read so far.</summary>
        public int EventCount { get; private set; }

        /// <summary>Reads ahead until the first event is buffered, so failures before it can be retried.</summary>
        internal async Task PrimeAsync()
        {
            while (_pending.Count == 0 && !_ended) await FillAsync().ConfigureAwait(false);
            if (_pending.Count > 0 && _pending[0].IsError) throw ErrorFrom(_pending[0]);
        }

        /// <summary>Disposes <paramref name="resource"/> with this connection.</summary>
        internal void Owns(IDisposable resource) => _owned = resource;

        /// <summary>The next event, or null when the server closed the stream.</summary>
        public async ValueTask<SseEvent?> ReadAsync()
        {
            while (true)
            {
                if (_next < _pending.Count)
                {
                    var ready = _pending[_next++];
                    if (_next == _pending.Count)
                    {
                        _pending.Clear();
                        _next = 0;
                    }
                    EventCount++;
                    if (ready.IsError) throw ErrorFrom(ready);
                    return ready;
                }
                if (_ended) return null;
                await FillAsync().ConfigureAwait(false);
            }
        }

        private async Task FillAsync()
        {
            int read;
            try
            {
                if (_idleTimeout > TimeSpan.Zero) _idle.CancelAfter(_idleTimeout);
                read = await _body.ReadAsync(_buffer, 0, _buffer.Length, _linked.Token).ConfigureAwait(false);
                // Disarm while the caller handles events: a slow consumer is not a silent server.
                if (_idleTimeout > TimeSpan.Zero) _idle.CancelAfter(Timeout.Infinite);
            }
            catch (Exception exception) when (exception is IOException || exception is HttpRequestException ||
                                              exception is ObjectDisposedException || exception is OperationCanceledException)
            {
                throw TranslateReadFailure(exception);
            }

            if (read == 0)
            {
                _ended = true;
                if (_wholeBody == null) _parser.Complete(_pending);
                else if (_wholeBody.Length > 0) _pending.Add(new SseEvent("1", "result", HttpStatus, _wholeBody.ToArray(), DateTimeOffset.Now));
            }
            else if (_wholeBody != null)
            {
                _wholeBody.Write(_buffer, 0, read);
            }
            else
            {
                _parser.Push(_buffer, 0, read, _pending);
            }
        }

        private Exception TranslateReadFailure(Exception exception)
        {
            if (_callToken.IsCancellationRequested)
            {
                return _totalTimeoutElapsed()
                    ? new DashScopeException(DashScopeErrorKind.Timeout,
                        "The call did not finish within the time allowed (-TimeoutSec); " + EventCount + " events had arrived.", exception)
                    : (Exception)new OperationCanceledException("The stream was stopped.", exception, _callToken);
            }
            if (_idle.IsCancellationRequested)
            {
                return new DashScopeException(DashScopeErrorKind.Timeout,
                    "The stream was silent for " + _idleTimeout.TotalSeconds + " s after " + EventCount +
                    " events (idle timeout); the connection was closed.", exception)
                { RetryableTimeout = EventCount == 0 };
            }
            return new DashScopeException(DashScopeErrorKind.Network,
                "The connection broke after " + EventCount + " events: " + exception.Message, exception);
        }

        private DashScopeException ErrorFrom(SseEvent errorEvent)
        {
            var status = errorEvent.Status ?? (HttpStatus >= 400 ? HttpStatus : 400);
            return ServiceError.Parse(status, errorEvent.Data, HeaderRequestId);
        }

        /// <summary>
        /// Closing a response that is still arriving would let the HTTP handler drain it in the background
        /// (up to seconds) to reuse the connection, and the service would go on generating. A cancelled read
        /// makes the handler drop the connection instead.
        /// </summary>
        private void AbortUnfinishedResponse()
        {
            try
            {
                for (var attempt = 0; attempt < 64; attempt++)
                {
                    using (var cancel = new CancellationTokenSource())
                    {
                        var pending = _body.ReadAsync(_buffer, 0, _buffer.Length, cancel.Token);
                        if (pending.IsCompleted)
                        {
                            // Already-buffered bytes: discard them and try again until a read has to wait.
                            if (pending.Status == TaskStatus.RanToCompletion && pending.Result > 0) continue;
                            return;
                        }
                        cancel.Cancel();
                        try
                        {
                            pending.Wait(TimeSpan.FromMilliseconds(500));
                        }
                        catch (AggregateException)
                        {
                            // Expected: the cancelled read.
                        }
                        return;
                    }
                }
            }
            catch (Exception exception) when (exception is IOException || exception is ObjectDisposedException ||
                                              exception is InvalidOperationException || exception is NotSupportedException)
            {
                // Already broken or closed: nothing left to abort.
            }
        }

        private void CloseResponse()
        {
            try
            {
                _body.Dispose();
                _response.Dispose();
            }
            catch (Exception)
            {
                // Closing is best effort; the reader sees the failure.
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            _closeOnCancel.Dispose();
            if (!_ended) AbortUnfinishedResponse();
            CloseResponse();
            _linked.Dispose();
            _idle.Dispose();
            _wholeBody?.Dispose();
            _owned?.Dispose();
        }
    }
}
