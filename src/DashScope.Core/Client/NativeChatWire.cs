using System;
using DashScope.Requests;
using DashScope.Streaming;
using DashScope.Transport;

namespace DashScope.Client
{
    /// <summary>DashScope's own protocol: services/aigc/…/generation under the native base, input and parameters, id/event/data events.</summary>
    internal sealed class NativeChatWire : ChatWire
    {
        public override Uri TargetFor(ChatRequest request, ConnectionSettings settings) =>
            new Uri(settings.BaseUri, ChatRequestBuilder.PathFor(request));

        public override byte[] Build(ChatRequest request, bool stream, ConnectionSettings settings) => ChatRequestBuilder.Build(request, stream);

        public override bool DashScopeEvents => true;

        public override GenerationChunk DecodeBody(byte[] body, string? headerRequestId) => Checked(GenerationChunkDecoder.Decode(body), null);

        public override GenerationChunk? DecodeEvent(SseEvent sseEvent, string? headerRequestId) =>
            Checked(GenerationChunkDecoder.Decode(sseEvent.Data), sseEvent.Status);

        private static GenerationChunk Checked(GenerationChunk chunk, int? status)
        {
            if (chunk.ErrorCode != null) throw DashScopeException.FromService(status ?? 400, chunk.ErrorCode, chunk.ErrorMessage, chunk.RequestId);
            return chunk;
        }
    }
}
