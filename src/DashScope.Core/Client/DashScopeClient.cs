using System;
using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Transport;

namespace DashScope.Client
{
    /// <summary>
    /// One DashScope call = endpoint + body + headers. Sends JSON or opens an event stream, retries
    /// transient failures before anything was received, enforces the timeouts, and turns every failure
    /// into a <see cref="DashScopeException"/>.
    /// </summary>
    public sealed partial class DashScopeClient
    {
        private const int MaximumErrorBodyBytes = 1024 * 1024;

        // Bodies up to this size are read into one buffer of the announced length.
        private const long MaximumPresizedBytes = 256L * 1024 * 1024;

        private readonly HttpClient _http;
        private readonly DiagnosticLog _log;

        public DashScopeClient(ConnectionSettings settings, DiagnosticLog? log = null)
            : this(settings, HttpClientCache.For(settings), log)
        {
        }

        internal DashScopeClient(ConnectionSettings settings, HttpClient http, DiagnosticLog? log)
        {
            Settings = settings ?? throw new ArgumentNullException(nameof(settings));
            _http = http;
            _log = log ?? new DiagnosticLog(settings.ApiKey);
        }

        public ConnectionSettings Settings { get; }

        public DiagnosticLog Log => _log;

        /// <summary>POSTs a JSON body to a path under the native base and returns the response body.</summary>
        public async Task<byte[]> PostJsonAsync(string path, byte[] body, CancellationToken cancellationToken,
            System.Collections.Generic.IDictionary<string, string>? headers = null) =>
            (await ExchangeJsonAsync(HttpMethod.Post, new Uri(Settings.BaseUri, path), body, headers, cancellationToken).ConfigureAwait(false)).Body;

        /// <summary>GETs a path (with its query) under the native base and returns the JSON body.</summary>
        public async Task<byte[]> GetJsonAsync(string path, CancellationToken cancellationToken) =>
            (await ExchangeJsonAsync(HttpMethod.Get, new Uri(Settings.BaseUri, path), null, null, cancellationToken).ConfigureAwait(false)).Body;

        /// <summary>POSTs a JSON body to <paramref name="target"/> (under either base); returns the body and the x-request-id header.</summary>
        internal Task<(byte[] Body, string? RequestId)> PostAsync(Uri target, byte[] body,
            System.Collections.Generic.IDictionary<string, string>? headers, CancellationToken cancellationToken) =>
            ExchangeJsonAsync(HttpMethod.Post, target, body, headers, cancellationToken);

        /// <summary>
        /// One JSON call with retries whose answer is decoded by <paramref name="decode"/> straight from the pooled buffer
        /// it was read into (no copy of large answers); an error status becomes the service's error instead.
        /// </summary>
        private async Task<T> ExchangeAsync<T>(HttpMethod method, Uri target, byte[]? body, System.Collections.Generic.IDictionary<string, string>? headers,
            Func<ReadOnlyMemory<byte>, string?, T> decode, CancellationToken cancellationToken)
        {
            using (var call = new CallScope(Settings, cancellationToken))
            {
                return await WithRetries(call, target.AbsoluteUri, async attempt =>
                {
                    using (var response = await SendAsync(method, target, body, stream: false, call, headers).ConfigureAwait(false))
                    using (var answer = await ReadPooledAsync(response, call).ConfigureAwait(false))
                    {
                        if (!response.IsSuccessStatusCode) throw ErrorFrom(response, answer.Memory.ToArray());
                        try
                        {
                            return decode(answer.Memory, RequestIdOf(response));
                        }
                        catch (Exception failure) when (!(failure is DashScopeException) && !(failure is OperationCanceledException))
                        {
                            // Not a network failure: an answer this client cannot read is not worth another attempt.
                            throw new DashScopeException(DashScopeErrorKind.Protocol, "The answer from " + target.GetLeftPart(UriPartial.Path) + " could not be read: " + failure.Message, failure);
                        }
                    }
                }).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// One JSON call (a body for POST, none for GET), with retries; returns the response body and the x-request-id header.
        /// </summary>
        private Task<(byte[] Body, string? RequestId)> ExchangeJsonAsync(HttpMethod method, Uri target, byte[]? body,
            System.Collections.Generic.IDictionary<string, string>? headers, CancellationToken cancellationToken) =>
            ExchangeAsync(method, target, body, headers, (answer, requestId) => (answer.ToArray(), requestId), cancellationToken);

        /// <summary>
        /// Opens an event stream and waits for its first event, retrying transient failures until then;
        /// after the first event nothing is retried, since the caller may already have shown it.
        /// </summary>
        public Task<SseConnection> OpenStreamAsync(string path, byte[] body, CancellationToken cancellationToken,
            System.Collections.Generic.IDictionary<string, string>? headers = null) =>
            OpenStreamAsync(new Uri(Settings.BaseUri, path), body, cancellationToken, headers, dashScopeEvents: true);

        /// <summary>
        /// Opens an event stream at <paramref name="target"/> (under either base). <paramref name="dashScopeEvents"/> asks
        /// for DashScope's framing (X-DashScope-SSE); an OpenAI-compatible stream is asked for by its body alone.
        /// </summary>
        public async Task<SseConnection> OpenStreamAsync(Uri target, byte[] body, CancellationToken cancellationToken,
            System.Collections.Generic.IDictionary<string, string>? headers, bool dashScopeEvents)
        {
            var call = new CallScope(Settings, cancellationToken);
            try
            {
                var connection = await WithRetries(call, target.AbsoluteUri, async attempt =>
                {
                    var response = await SendAsync(HttpMethod.Post, target, body, stream: true, call, headers, dashScopeEvents).ConfigureAwait(false);
                    if (!response.IsSuccessStatusCode)
                    {
                        using (response)
                        {
                            var bytes = await ReadAllAsync(response, call).ConfigureAwait(false);
                            throw ErrorFrom(response, bytes);
                        }
                    }
                    var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                    var opened = new SseConnection(response, stream, Settings.IdleTimeout, call.Token, () => call.TimedOut);
                    try
                    {
                        await opened.PrimeAsync().ConfigureAwait(false);
                        return opened;
                    }
                    catch
                    {
                        opened.Dispose();
                        throw;
                    }
                }).ConfigureAwait(false);
                connection.Owns(call);
                return connection;
            }
            catch
            {
                call.Dispose();
                throw;
            }
        }

        private async Task<T> WithRetries<T>(CallScope call, string path, Func<int, Task<T>> attempt)
        {
            var policy = Settings.Retry;
            for (var number = 1; ; number++)
            {
                try
                {
                    await Settings.Backoff.WaitAsync(call.Token).ConfigureAwait(false);
                    return await attempt(number).ConfigureAwait(false);
                }
                catch (Exception failure) when (!(failure is DashScopeException) && !(failure is OperationCanceledException && call.Token.IsCancellationRequested && !call.TimedOut))
                {
                    var translated = Translate(failure, call, path);
                    if (!ShouldRetry(translated, number, policy)) { translated.Attempts = number; throw translated; }
                    await DelayBeforeRetry(translated, number, policy, call).ConfigureAwait(false);
                }
                catch (DashScopeException failure)
                {
                    if (failure.StatusCode == 429 && failure.RetryAfter.HasValue) Settings.Backoff.Hold(failure.RetryAfter.Value);
                    if (!ShouldRetry(failure, number, policy)) { failure.Attempts = number; throw; }
                    await DelayBeforeRetry(failure, number, policy, call).ConfigureAwait(false);
                }
            }
        }

        private static bool ShouldRetry(DashScopeException failure, int attempt, RetryPolicy policy) =>
            failure.IsTransient && attempt <= policy.MaximumRetryCount;

        private async Task DelayBeforeRetry(DashScopeException failure, int attempt, RetryPolicy policy, CallScope call)
        {
            var delay = policy.GetDelay(attempt, failure.RetryAfter);
            // Throttling concerns the account, not this request: make the other requests wait too.
            if (failure.StatusCode == 429) Settings.Backoff.Hold(delay);
            _log.Write(string.Format(CultureInfo.InvariantCulture,
                "Retrying in {0:0.###} s (retry {1} of {2}) after: {3}",
                delay.TotalSeconds, attempt, policy.MaximumRetryCount, failure.Message));
            try
            {
                await Task.Delay(delay, call.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (call.TimedOut)
            {
                throw new DashScopeException(DashScopeErrorKind.Timeout,
                    "The call did not finish within the time allowed (-TimeoutSec) while waiting to retry after: " + failure.Message, failure);
            }
        }

        private DashScopeException Translate(Exception failure, CallScope call, string path)
        {
            if (failure is OperationCanceledException && call.TimedOut)
                return new DashScopeException(DashScopeErrorKind.Timeout,
                    "The call did not finish within the time allowed (-TimeoutSec).", failure);
            if (failure is OperationCanceledException && call.IdleTimedOut)
                return new DashScopeException(DashScopeErrorKind.Timeout,
                    "DashScope did not answer within " + Settings.IdleTimeout.TotalSeconds + " s (idle timeout).", failure)
                { RetryableTimeout = true };
            var reason = failure.InnerException != null ? failure.Message + " " + failure.InnerException.Message : failure.Message;
            return new DashScopeException(DashScopeErrorKind.Network,
                "Could not reach " + (Settings.IsDashScope ? "DashScope" : "the server") + " at " + new Uri(Settings.BaseUri, path).GetLeftPart(UriPartial.Path) + ": " + reason, failure);
        }

        /// <summary>
        /// Sends a request to a host outside the API (the temporary-upload storage) with this client's
        /// connection, timeouts and retries, but without the API key. Returns the status and body.
        /// </summary>
        internal async Task<(int Status, byte[] Body, string? ContentType)> SendExternalAsync(Func<HttpRequestMessage> create, CancellationToken cancellationToken)
        {
            using (var call = new CallScope(Settings, cancellationToken))
            {
                return await WithRetries(call, "(upload)", async attempt =>
                {
                    var request = create();
                    request.Headers.TryAddWithoutValidation("User-Agent", Settings.UserAgent);
                    _log.Write(request.Method + " " + request.RequestUri?.GetLeftPart(UriPartial.Path));
                    using (var response = await TransmitAsync(request, call).ConfigureAwait(false))
                    {
                        var bytes = await ReadAllAsync(response, call).ConfigureAwait(false);
                        var status = (int)response.StatusCode;
                        _log.Write("HTTP " + status + " " + response.ReasonPhrase + " from the upload host");
                        if (Transport.RetryPolicy.IsRetryableStatus(status))
                            throw DashScopeException.FromService(status, "Upload.HttpError" + status, System.Text.Encoding.UTF8.GetString(bytes), null);
                        return (status, bytes, response.Content?.Headers.ContentType?.MediaType);
                    }
                }).ConfigureAwait(false);
            }
        }

        private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, byte[]? body, bool stream, CallScope call,
            System.Collections.Generic.IDictionary<string, string>? headers = null, bool dashScopeEvents = true)
        {
            Settings.EnsureKeyIsProtected(uri);
            var request = new HttpRequestMessage(method, uri);
            if (body != null)
            {
                request.Content = new ByteArrayContent(body);
                // An empty POST (task cancel) goes without a content type, as the official clients send it.
                if (body.Length > 0) request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            }
            AddApiHeaders(request);
            if (headers != null)
            {
                foreach (var header in headers) request.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            if (stream)
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
                if (dashScopeEvents)
                {
                    request.Headers.TryAddWithoutValidation("X-DashScope-SSE", "enable");
                    request.Headers.TryAddWithoutValidation("X-Accel-Buffering", "no");
                }
                request.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
            }
            else
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            }

            _log.Write(body == null
                ? method + " " + uri.GetLeftPart(UriPartial.Path)
                : method + " " + uri.AbsoluteUri + " (" + body.Length + " bytes" + (stream ? ", stream" : string.Empty) + ")");
            var watch = Stopwatch.StartNew();
            var response = await TransmitAsync(request, call).ConfigureAwait(false);
            _log.Write(string.Format(CultureInfo.InvariantCulture, "HTTP {0} {1}, request id {2}, headers after {3} ms",
                (int)response.StatusCode, response.ReasonPhrase, RequestIdOf(response) ?? "(none)", watch.ElapsedMilliseconds));
            return response;
        }

        /// <summary>The API key (when there is one), User-Agent and workspace headers of every call to the service.</summary>
        private void AddApiHeaders(HttpRequestMessage request)
        {
            if (!Settings.ApiKey.IsNone) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Settings.ApiKey.Reveal());
            request.Headers.TryAddWithoutValidation("User-Agent", Settings.UserAgent);
            if (!string.IsNullOrEmpty(Settings.Workspace)) request.Headers.TryAddWithoutValidation("X-DashScope-WorkSpace", Settings.Workspace);
            foreach (var header in Settings.Headers)
            {
                request.Headers.Remove(header.Key);
                request.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        /// <summary>
        /// Sends the request and returns once the headers have arrived (the idle timeout applies until then); the
        /// request is disposed either way.
        /// </summary>
        private async Task<HttpResponseMessage> TransmitAsync(HttpRequestMessage request, CallScope call)
        {
            call.ArmIdle();
            try
            {
                return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, call.IdleToken).ConfigureAwait(false);
            }
            finally
            {
                call.DisarmIdle();
                request.Dispose();
            }
        }

        /// <summary>Reads the whole response body; a response with an error status becomes the service's error instead.</summary>
        private static async Task<byte[]> ReadBodyOrThrowAsync(HttpResponseMessage response, CallScope call)
        {
            var bytes = await ReadAllAsync(response, call).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) throw ErrorFrom(response, bytes);
            return bytes;
        }

        private static async Task<byte[]> ReadAllAsync(HttpResponseMessage response, CallScope call)
        {
            using (var body = await ReadPooledAsync(response, call).ConfigureAwait(false)) return body.Memory.ToArray();
        }

        /// <summary>
        /// Reads the whole body into a buffer from the shared pool (large answers, such as embedding vectors, would
        /// otherwise allocate and copy several large arrays each); a leading BOM is skipped. Dispose returns the buffer.
        /// </summary>
        internal static async Task<PooledBody> ReadPooledAsync(HttpResponseMessage response, CallScope call)
        {
            var pool = ArrayPool<byte>.Shared;
            var announced = response.Content.Headers.ContentLength;
            var buffer = pool.Rent(announced > 0 && announced < MaximumPresizedBytes ? (int)announced.Value + 1 : 16 * 1024);
            var count = 0;
            call.ArmIdle();
            try
            {
                using (var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
                {
                    while (true)
                    {
                        if (count == buffer.Length)
                        {
                            var larger = pool.Rent(buffer.Length * 2);
                            Buffer.BlockCopy(buffer, 0, larger, 0, count);
                            pool.Return(buffer);
                            buffer = larger;
                        }
                        var read = await stream.ReadAsync(buffer, count, buffer.Length - count, call.IdleToken).ConfigureAwait(false);
                        if (read == 0) break;
                        call.ArmIdle();
                        count += read;
                        if (!response.IsSuccessStatusCode && count > MaximumErrorBodyBytes) break;
                    }
                }
                // Every body consumer parses JSON; none of them wants a BOM.
                var start = count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF ? 3 : 0;
                return new PooledBody(buffer, start, count - start);
            }
            catch
            {
                pool.Return(buffer);
                throw;
            }
            finally
            {
                call.DisarmIdle();
            }
        }

        private static DashScopeException ErrorFrom(HttpResponseMessage response, byte[] body)
        {
            var status = (int)response.StatusCode;
            var requestId = RequestIdOf(response);
            var mediaType = response.Content?.Headers.ContentType?.MediaType;
            DashScopeException error;
            if (string.Equals(mediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
            {
                // Non-2xx stream: the body is a single event:error whose data is the usual error object.
                var events = new System.Collections.Generic.List<Streaming.SseEvent>();
                var parser = new Streaming.SseParser();
                parser.Push(body, 0, body.Length, events);
                parser.Complete(events);
                error = events.Count > 0
                    ? ServiceError.Parse(events[0].Status ?? status, events[0].Data, requestId)
                    : ServiceError.Parse(status, body, requestId);
            }
            else
            {
                error = ServiceError.Parse(status, body, requestId);
            }
            error.RetryAfter = RetryAfterOf(response);
            return error;
        }

        internal static string? RequestIdOf(HttpResponseMessage response) =>
            response.Headers.TryGetValues("x-request-id", out var values) ? values.FirstOrDefault() : null;

        internal static TimeSpan? RetryAfterOf(HttpResponseMessage response)
        {
            var header = response.Headers.RetryAfter;
            if (header == null) return null;
            if (header.Delta.HasValue) return header.Delta.Value;
            if (header.Date.HasValue)
            {
                var wait = header.Date.Value - DateTimeOffset.UtcNow;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
            return null;
        }
    }
}
