using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using DashScope.Json;

namespace DashScope.Client
{
    /// <summary>
    /// One JSON call to a path under the native base (…/api/v1/) or the compatible one (…/compatible-mode/v1/): where it
    /// goes, how, and its body. A family derives from <see cref="ServiceRequest{TResponse}"/>, which adds how the answer
    /// is read; the async task client submits any of them.
    /// </summary>
    public abstract class ServiceRequest
    {
        /// <summary>The path under the base, query included, e.g. services/rerank/text-rerank/text-rerank.</summary>
        public abstract string Path { get; }

        /// <summary>Which base <see cref="Path"/> is under: the native one (the default) or the OpenAI-compatible one.</summary>
        public virtual Catalog.ModelProtocol Protocol => Catalog.ModelProtocol.Native;

        public virtual HttpMethod Method => HttpMethod.Post;

        /// <summary>Headers this call needs besides the key, User-Agent and workspace (e.g. X-DashScope-Async), or null.</summary>
        public virtual IDictionary<string, string>? Headers => null;

        /// <summary>Throws an InvalidInput <see cref="DashScopeException"/> when the request cannot be sent; called before anything is.</summary>
        public virtual void Validate()
        {
        }

        /// <summary>Writes the JSON body. Not called for GET; a POST that writes nothing goes with an empty body.</summary>
        public virtual void WriteBody(Utf8JsonWriter writer)
        {
        }

        /// <summary>The validated body as UTF-8 (raw CJK), or null for GET.</summary>
        internal byte[]? BuildBody()
        {
            Validate();
            return Method == HttpMethod.Get ? null : JsonText.ToUtf8(WriteBody);
        }
    }

    /// <summary>A <see cref="ServiceRequest"/> whose answer decodes into <typeparamref name="TResponse"/>.</summary>
    public abstract class ServiceRequest<TResponse> : ServiceRequest
    {
        /// <summary>
        /// The same request in the OpenAI-compatible protocol, sent instead on a connection that speaks it; null when the
        /// family has no such form.
        /// </summary>
        public virtual ServiceRequest<TResponse>? CompatibleForm => null;

        /// <summary>
        /// Reads the answer. <paramref name="requestId"/> is the body's request_id, or the x-request-id header when the
        /// body has none. Missing members are tolerated; a member of the wrong type may throw InvalidOperationException,
        /// which the client reports as a protocol error.
        /// </summary>
        public abstract TResponse Decode(JsonElement root, string? requestId);

        /// <summary>
        /// A faster reading of the raw answer for families whose answers are large (embedding vectors); false leaves the
        /// answer to <see cref="Decode"/>, the reading every family has.
        /// </summary>
        protected internal virtual bool TryDecodeRaw(ReadOnlySpan<byte> json, string? headerRequestId, out TResponse response)
        {
            response = default!;
            return false;
        }
    }
}
