using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using DashScope.Json;
using DashScope.Models;

namespace DashScope.Streaming
{
    /// <summary>
    /// Decodes one OpenAI-compatible payload (a chat.completion body, one chat.completion.chunk of a stream, or a batch
    /// result's body) into the same <see cref="GenerationChunk"/> the native decoder gives: each choice's delta or message
    /// (content, reasoning_content, tool-call fragments, audio) and log-probabilities, the finish reason (JSON null while
    /// streaming) and usage (prompt_tokens, completion_tokens). An {"error":{…}} payload, also in the middle of a stream, is thrown.
    /// </summary>
    internal static class CompatibleChunkDecoder
    {
        private static readonly byte[] Done = Encoding.ASCII.GetBytes("[DONE]");

        /// <summary>True for the data: [DONE] that ends an OpenAI-compatible stream.</summary>
        public static bool IsDone(byte[] data)
        {
            var span = new ReadOnlySpan<byte>(data);
            while (span.Length > 0 && (span[0] == (byte)' ' || span[0] == (byte)'\t')) span = span.Slice(1);
            while (span.Length > 0 && (span[span.Length - 1] == (byte)' ' || span[span.Length - 1] == (byte)'\t')) span = span.Slice(0, span.Length - 1);
            return span.SequenceEqual(Done);
        }

        /// <summary>Decodes a payload; <paramref name="headerRequestId"/> (x-request-id) is the request id unless the payload names one.</summary>
        public static GenerationChunk Decode(ReadOnlyMemory<byte> json, string? headerRequestId) =>
            GenerationChunkDecoder.DecodePayload(json, "The server", headerRequestId, (root, requestId) => Decode(root, requestId));

        public static GenerationChunk Decode(JsonElement root, string? headerRequestId)
        {
            if (root.ValueKind != JsonValueKind.Object)
                throw new DashScopeException(DashScopeErrorKind.Protocol, "The server sent a JSON " + root.ValueKind + " where an object was expected.");
            var requestId = root.GetStringOrNull(Names.RequestId) ?? headerRequestId ?? root.GetStringOrNull(Names.Id);
            if (root.TryGet(Names.Error, out var error) && error.ValueKind == JsonValueKind.Object) throw ErrorOf(error, requestId);

            var chunk = new GenerationChunk { RequestId = requestId };
            if (root.TryGet(Names.Choices, out var choices) && choices.ValueKind == JsonValueKind.Array)
            {
                // With n > 1 a whole answer lists every choice, and each stream chunk carries one, named by its index.
                var position = 0;
                foreach (var choice in choices.EnumerateArray())
                {
                    if (choice.ValueKind != JsonValueKind.Object) continue;
                    var target = chunk;
                    if (position > 0) (chunk.MoreChoices ??= new List<GenerationChunk>()).Add(target = new GenerationChunk { RequestId = requestId });
                    target.ChoiceIndex = choice.GetIntOrNull("index") ?? position;
                    target.FinishReason = GenerationChunkDecoder.NormalizeFinishReason(choice.GetStringOrNull(Names.FinishReason));
                    if (choice.TryGet(Names.Delta, out var delta) && delta.ValueKind == JsonValueKind.Object) ReadMessage(delta, target);
                    else if (choice.TryGet(Names.Message, out var message) && message.ValueKind == JsonValueKind.Object) ReadMessage(message, target);
                    if (choice.TryGet(Names.LogProbs, out var logprobs) && logprobs.ValueKind == JsonValueKind.Object)
                        target.LogProbabilities = GenerationChunkDecoder.ReadLogProbabilities(logprobs);
                    position++;
                }
            }
            if (root.TryGet(Names.Usage, out var usage) && usage.ValueKind == JsonValueKind.Object) chunk.Usage = ReadUsage(usage);
            return chunk;
        }

        /// <summary>The error an {"error":{code, type, message, param}} object reports, with the HTTP status its type implies.</summary>
        internal static DashScopeException ErrorOf(JsonElement error, string? requestId)
        {
            var type = error.GetStringOrNull("type");
            var code = error.GetStringOrNull("code") ?? type ?? "ServerError";
            return DashScopeException.FromService(StatusOf(type, code), code, error.GetStringOrNull("message"), requestId);
        }

        /// <summary>An error inside a stream has no HTTP status of its own: the one its type or code stands for.</summary>
        internal static int StatusOf(string? type, string? code)
        {
            switch (type)
            {
                case "invalid_request_error": return code == "invalid_api_key" ? 401 : 400;
                case "authentication_error": return 401;
                case "permission_error": return 403;
                case "not_found_error": return 404;
                case "rate_limit_error":
                case "limit_requests": return 429;
            }
            return code == "rate_limit_exceeded" || code == "limit_requests" ? 429 : 500;
        }

        private static void ReadMessage(JsonElement message, GenerationChunk chunk)
        {
            chunk.Role = message.GetStringOrNull(Names.Role);
            // DashScope and older vLLM say reasoning_content; newer vLLM says reasoning.
            chunk.Reasoning = message.GetStringOrNull(Names.ReasoningContent) ?? message.GetStringOrNull(Names.Reasoning);
            if (message.TryGet(Names.Content, out var content))
            {
                if (content.ValueKind == JsonValueKind.String)
                {
                    chunk.Text = content.GetString();
                }
                else if (content.ValueKind == JsonValueKind.Array)
                {
                    var text = new StringBuilder();
                    foreach (var part in content.EnumerateArray()) text.Append(part.GetStringOrNull(Names.Text));
                    chunk.Text = text.ToString();
                }
            }
            if (message.TryGet(Names.ToolCalls, out var calls) && calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() > 0)
            {
                chunk.ToolCalls = GenerationChunkDecoder.ReadToolCalls(calls);
            }
            if (message.TryGet(Names.Audio, out var audio) && audio.ValueKind == JsonValueKind.Object)
            {
                chunk.Audio = new AudioDelta
                {
                    Data = audio.GetStringOrNull("data"),
                    Transcript = audio.GetStringOrNull("transcript"),
                    Id = audio.GetStringOrNull("id"),
                    ExpiresAt = audio.TryGet("expires_at", out var expires) && expires.ValueKind == JsonValueKind.Number && expires.TryGetInt64(out var seconds) ? seconds : (long?)null,
                };
            }
        }

        /// <summary>OpenAI usage: prompt_tokens, completion_tokens, total_tokens and their details.</summary>
        internal static QwenUsage ReadUsage(JsonElement usage)
        {
            var result = new QwenUsage
            {
                InputTokens = usage.GetIntOrNull("prompt_tokens"),
                OutputTokens = usage.GetIntOrNull("completion_tokens"),
                TotalTokens = usage.GetIntOrNull("total_tokens"),
            };
            if (usage.TryGet("prompt_tokens_details", out var prompt) && prompt.ValueKind == JsonValueKind.Object)
            {
                result.CachedTokens = prompt.GetIntOrNull("cached_tokens");
                result.AudioTokens = prompt.GetIntOrNull("audio_tokens");
                result.ImageTokens = prompt.GetIntOrNull("image_tokens");
                result.VideoTokens = prompt.GetIntOrNull("video_tokens");
            }
            if (usage.TryGet("completion_tokens_details", out var completion) && completion.ValueKind == JsonValueKind.Object)
            {
                result.ReasoningTokens = completion.GetIntOrNull("reasoning_tokens");
                result.OutputAudioTokens = completion.GetIntOrNull("audio_tokens");
                result.OutputTextTokens = completion.GetIntOrNull("text_tokens");
            }
            if (!result.TotalTokens.HasValue && result.InputTokens.HasValue && result.OutputTokens.HasValue)
                result.TotalTokens = result.InputTokens + result.OutputTokens;
            if (usage.ToPlainValue() is IDictionary<string, object?> details) result.Details = details;
            return result;
        }

        /// <summary>Property names of the per-event path as UTF-8.</summary>
        private static class Names
        {
            public static readonly byte[] RequestId = Encoding.UTF8.GetBytes("request_id");
            public static readonly byte[] Id = Encoding.UTF8.GetBytes("id");
            public static readonly byte[] Error = Encoding.UTF8.GetBytes("error");
            public static readonly byte[] Choices = Encoding.UTF8.GetBytes("choices");
            public static readonly byte[] FinishReason = Encoding.UTF8.GetBytes("finish_reason");
            public static readonly byte[] Delta = Encoding.UTF8.GetBytes("delta");
            public static readonly byte[] Message = Encoding.UTF8.GetBytes("message");
            public static readonly byte[] Role = Encoding.UTF8.GetBytes("role");
            public static readonly byte[] ReasoningContent = Encoding.UTF8.GetBytes("reasoning_content");
            public static readonly byte[] Reasoning = Encoding.UTF8.GetBytes("reasoning");
            public static readonly byte[] Content = Encoding.UTF8.GetBytes("content");
            public static readonly byte[] Text = Encoding.UTF8.GetBytes("text");
            public static readonly byte[] ToolCalls = Encoding.UTF8.GetBytes("tool_calls");
            public static readonly byte[] Audio = Encoding.UTF8.GetBytes("audio");
            public static readonly byte[] Usage = Encoding.UTF8.GetBytes("usage");
            public static readonly byte[] LogProbs = Encoding.UTF8.GetBytes("logprobs");
        }
    }
}
