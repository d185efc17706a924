using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Catalog;
using DashScope.Media;
using DashScope.Models;
using DashScope.Requests;

namespace DashScope.Client
{
    /// <summary>
    /// Chat over <see cref="DashScopeClient"/>: one send path for whole answers and streams. Results and the partial
    /// results of failures carry the request's prompt, whether the caller saw the stream, and what arrived.
    /// </summary>
    public sealed class ChatClient
    {
        private readonly DashScopeClient _client;

        public ChatClient(DashScopeClient client)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
        }

        public DashScopeClient Client => _client;

        /// <summary>
        /// True when the request must be streamed even if the caller wants one answer: the service refuses thinking
        /// (asked for, or on by default for the family) and stream-only families without a stream, and spoken answers are
        /// saved piece by piece as they stream.
        /// </summary>
        public static bool NeedsStream(ChatRequest request)
        {
            var family = ModelCatalog.Default.Find(request.Model);
            if (family.StreamOnly || family.Thinking == ThinkingMode.Always || request.WantsAudio) return true;
            var thinking = request.ThinkingAsSent;
            return thinking == true || (thinking == null && family.ThinkingByDefault);
        }

        /// <summary>Sends the request and returns the whole answer (streamed internally when the service requires it).</summary>
        public Task<QwenChatResult> SendAsync(ChatRequest request, CancellationToken cancellationToken) =>
            SendAsync(request, null, cancellationToken);

        /// <summary>
        /// Sends the request and returns the whole answer. With an <paramref name="observer"/> the answer is streamed
        /// and each event goes to it as it arrives; the result is marked <see cref="QwenChatResult.Streamed"/> when the observer shows the answer.
        /// A failure is a <see cref="DashScopeException"/> whose PartialResult holds what arrived.
        /// </summary>
        public async Task<QwenChatResult> SendAsync(ChatRequest request, IChatStreamObserver? observer, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            try
            {
                return await SendOnceAsync(request, observer, cancellationToken).ConfigureAwait(false);
            }
            catch (DashScopeException failure) when (IsWrongEndpoint(failure, request))
            {
                // The catalog guessed the endpoint wrong for this model: the other one, once, and remember it.
                var other = ChatRequestBuilder.UsesMultimodal(request) ? ModelEndpoint.Text : ModelEndpoint.Multimodal;
                _client.Log.Write("DashScope does not serve " + request.Model + " on the " + (other == ModelEndpoint.Text ? "multimodal" : "text") +
                                  " endpoint (url error); sending it to the " + other.ToString().ToLowerInvariant() + " endpoint, and doing so for the rest of the session.");
                ModelCatalog.Default.Learn(request.Model, other);
                return await SendOnceAsync(request with { Endpoint = other }, observer, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>"url error" before any answer, for a request whose endpoint nobody chose explicitly.</summary>
        private static bool IsWrongEndpoint(DashScopeException failure, ChatRequest request) =>
            failure.PartialResult == null && !request.Endpoint.HasValue && !request.Multimodal && !MultimodalBody.HasMediaParts(request) &&
            (failure.StatusCode == 400 || failure.StatusCode == 404) &&
            (failure.ServiceMessage ?? string.Empty).IndexOf("url error", StringComparison.OrdinalIgnoreCase) >= 0;

        private async Task<QwenChatResult> SendOnceAsync(ChatRequest request, IChatStreamObserver? observer, CancellationToken cancellationToken)
        {
            if (observer == null && !NeedsStream(request)) return await CompleteAsync(request, cancellationToken).ConfigureAwait(false);

            using (var stream = await StreamAsync(request, cancellationToken).ConfigureAwait(false))
            {
                stream.Observed = observer != null && observer.ShowsAnswer;
                while (true)
                {
                    var next = await stream.ReadAsync().ConfigureAwait(false);
                    if (next == null) break;
                    if (observer != null) await observer.OnEventAsync(next).ConfigureAwait(false);
                }
                return stream.Result;
            }
        }

        /// <summary>
        /// Opens a stream; read its events as they arrive, then take its <see cref="ChatStream.Result"/>. Most callers
        /// want <see cref="SendAsync(ChatRequest, IChatStreamObserver, CancellationToken)"/>. A spoken answer's file is
        /// checked before anything is sent (an existing one is kept unless the request allows replacing it).
        /// </summary>
        public async Task<ChatStream> StreamAsync(ChatRequest request, CancellationToken cancellationToken)
        {
            var watch = Stopwatch.StartNew();
            var wire = ChatWire.For(request, _client.Settings);
            var body = wire.Build(request, stream: true, _client.Settings);
            var audio = request.WantsAudio
                ? StreamedWavFile.Prepare(request.AudioFile!.Path, request.AudioFile.Overwrite, ModelCatalog.Default.Find(request.Model).SampleRate ?? DefaultSampleRate)
                : null;
            var connection = await _client.OpenStreamAsync(wire.TargetFor(request, _client.Settings), body, cancellationToken,
                wire.HeadersFor(request), wire.DashScopeEvents).ConfigureAwait(false);
            return new ChatStream(connection, request, watch, _client.Log, wire, audio, cancellationToken);
        }

        /// <summary>The omni models' PCM rate, for a model the catalog gives none.</summary>
        private const int DefaultSampleRate = 24000;

        private async Task<QwenChatResult> CompleteAsync(ChatRequest request, CancellationToken cancellationToken)
        {
            var watch = Stopwatch.StartNew();
            var wire = ChatWire.For(request, _client.Settings);
            var body = wire.Build(request, stream: false, _client.Settings);
            var reply = await _client.PostAsync(wire.TargetFor(request, _client.Settings), body, wire.HeadersFor(request), cancellationToken).ConfigureAwait(false);
            var chunk = wire.DecodeBody(reply.Body, reply.RequestId);
            var accumulator = new Streaming.ChatAccumulator();
            accumulator.Add(chunk);
            var result = accumulator.ToResult(request.Model, request.Messages, completed: true);
            result.Duration = watch.Elapsed;
            result.Prompt = request.Prompt;
            if (result.RequestId == null) result.RequestId = reply.RequestId;
            _client.Log.Write(string.Format(System.Globalization.CultureInfo.InvariantCulture,
                "Answer complete in {0} ms: finish {1}, usage {2}", watch.ElapsedMilliseconds, result.FinishReason, result.Usage));
            return result;
        }
    }
}
