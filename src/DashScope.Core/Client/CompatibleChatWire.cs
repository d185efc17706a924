using System;
using DashScope.Requests;
using DashScope.Streaming;
using DashScope.Transport;

namespace DashScope.Client
{
    /// <summary>
    /// The OpenAI-compatible protocol: POST {compatible base}/chat/completions, "data: {…}" events ending with
    /// "data: [DONE]", usage in the last chunk.
    /// </summary>
    internal sealed class CompatibleChatWire : ChatWire
    {
        public override Uri TargetFor(ChatRequest request, ConnectionSettings settings) =>
            new Uri(settings.CompatibleBaseUri, CompatibleChatRequestBuilder.ChatCompletionsPath);

        public override byte[] Build(ChatRequest request, bool stream, ConnectionSettings settings) =>
            CompatibleChatRequestBuilder.Build(request, stream, settings.IsDashScope);

        public override bool DashScopeEvents => false;

        public override GenerationChunk DecodeBody(byte[] body, string? headerRequestId) => CompatibleChunkDecoder.Decode(body, headerRequestId);

        public override GenerationChunk? DecodeEvent(SseEvent sseEvent, string? headerRequestId) =>
            CompatibleChunkDecoder.IsDone(sseEvent.Data) ? null : CompatibleChunkDecoder.Decode(sseEvent.Data, headerRequestId);
    }
}
