using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Json;

namespace DashScope.Client
{
    public sealed partial class DashScopeClient
    {
        private static readonly byte[] EmptyObject = { (byte)'{', (byte)'}' };

        /// <summary>
        /// Sends a service request with the retries, timeouts, key handling and errors of every call, and decodes the
        /// answer. An invalid request throws before anything is sent.
        /// </summary>
        public async Task<TResponse> SendAsync<TResponse>(ServiceRequest<TResponse> request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            if (Settings.Protocol == Catalog.ModelProtocol.Compatible && request.CompatibleForm is { } compatible) request = compatible;
            var body = request.BuildBody();
            var baseUri = request.Protocol == Catalog.ModelProtocol.Compatible ? Settings.CompatibleBaseUri : Settings.BaseUri;
            var path = request.Path;
            return await ExchangeAsync(request.Method, new Uri(baseUri, path), body, request.Headers,
                (json, headerRequestId) => Decode(request, json, headerRequestId), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Decodes an answer where it was read (a pooled buffer), before the buffer goes back to the pool.</summary>
        private static TResponse Decode<TResponse>(ServiceRequest<TResponse> request, ReadOnlyMemory<byte> json, string? headerRequestId)
        {
            // Some answers (a task cancel) may carry no body at all.
            if (json.Length == 0) json = EmptyObject;
            try
            {
                if (request.TryDecodeRaw(json.Span, headerRequestId, out var read)) return read;
            }
            catch (Exception exception) when (exception is JsonException || exception is FormatException || exception is InvalidOperationException)
            {
                // Malformed for the fast reading: the full reading below says what is wrong.
            }
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json);
            }
            catch (JsonException exception)
            {
                throw new DashScopeException(DashScopeErrorKind.Protocol,
                    "DashScope answered " + request.Path + " with data that is not valid JSON: " + exception.Message, exception);
            }
            using (document)
            {
                var root = document.RootElement;
                try
                {
                    return request.Decode(root, root.GetStringOrNull("request_id") ?? headerRequestId);
                }
                catch (Exception exception) when (exception is InvalidOperationException || exception is FormatException)
                {
                    throw new DashScopeException(DashScopeErrorKind.Protocol,
                        "DashScope answered " + request.Path + " in a shape this client cannot read: " + exception.Message, exception);
                }
            }
        }
    }
}
