using System;
using System.Collections.Generic;
using DashScope.Catalog;
using DashScope.Requests;
using DashScope.Streaming;
using DashScope.Transport;

namespace DashScope.Client
{
    /// <summary>
    /// How a chat request travels in one protocol: where it goes, its body, whether the stream is DashScope-framed, and
    /// how answers and stream events decode into <see cref="GenerationChunk"/>s. <see cref="ChatClient"/> picks one per
    /// request; everything after the decoding is the same for both.
    /// </summary>
    internal abstract class ChatWire
    {
        public static readonly ChatWire Native = new NativeChatWire();
        public static readonly ChatWire Compatible = new CompatibleChatWire();

        /// <summary>
        /// The connection's protocol, except that a model the catalog marks compatible (the omni family) always goes over
        /// the compatible protocol, on the same host.
        /// </summary>
        public static ChatWire For(ChatRequest request, ConnectionSettings settings) =>
            settings.Protocol == ModelProtocol.Compatible || ModelCatalog.Default.Find(request.Model).Protocol == ModelProtocol.Compatible
                ? Compatible
                : Native;

        public abstract Uri TargetFor(ChatRequest request, ConnectionSettings settings);

        public abstract byte[] Build(ChatRequest request, bool stream, ConnectionSettings settings);

        public IDictionary<string, string>? HeadersFor(ChatRequest request) => ChatRequestBuilder.HeadersFor(request);

        /// <summary>True when the stream is asked for with DashScope's X-DashScope-SSE header.</summary>
        public abstract bool DashScopeEvents { get; }

        /// <summary>A whole answer; an error payload is thrown.</summary>
        public abstract GenerationChunk DecodeBody(byte[] body, string? headerRequestId);

        /// <summary>One stream event; null when it ends the stream; an error payload is thrown.</summary>
        public abstract GenerationChunk? DecodeEvent(SseEvent sseEvent, string? headerRequestId);
    }
}
