using System;
using System.Linq;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using DashScope.Catalog;
using DashScope.Json;
using DashScope.Models;

namespace DashScope.Requests
{
    /// <summary>Turns a <see cref="ChatRequest"/> into the wire body and picks the endpoint.</summary>
    public static class ChatRequestBuilder
    {
        public const string TextGenerationPath = "services/aigc/text-generation/generation";
        public const string MultimodalGenerationPath = "services/aigc/multimodal-generation/generation";

        private static readonly HashSet<string> ClientOwnedParameters =
            new HashSet<string>(StringComparer.Ordinal) { "incremental_output", "result_format" };

        /// <summary>
        /// True when the request goes to the multimodal endpoint: media parts, an explicit endpoint, the multimodal flag
        /// of the media cmdlets, or the model catalog (vision, audio and OCR models, Qwen3.5 and later, and whatever
        /// the service taught this session).
        /// </summary>
        public static bool UsesMultimodal(ChatRequest request)
        {
            if (MultimodalBody.HasMediaParts(request) || request.Multimodal) return true;
            if (request.Endpoint.HasValue) return request.Endpoint.Value == ModelEndpoint.Multimodal;
            return ModelCatalog.Default.GenerationEndpoint(request.Model) == ModelEndpoint.Multimodal;
        }

        public static string PathFor(ChatRequest request) =>
            UsesMultimodal(request) ? MultimodalGenerationPath : TextGenerationPath;

        /// <summary>Extra headers the request needs (X-DashScope-OssResourceResolve for oss:// media), or null.</summary>
        public static IDictionary<string, string>? HeadersFor(ChatRequest request) => MultimodalBody.HeadersFor(request);

        public static byte[] Build(ChatRequest request, bool stream)
        {
            Validate(request);
            var parts = UsesMultimodal(request);
            using (var buffer = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(buffer, JsonText.WriterOptions))
                {
                    writer.WriteStartObject();
                    writer.WriteString("model", request.Model);
                    writer.WriteStartObject("input");
                    writer.WriteStartArray("messages");
                    foreach (var message in request.Messages) WriteMessage(writer, message, parts);
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                    WriteParameters(writer, request, stream);
                    writer.WriteEndObject();
                }
                return buffer.ToArray();
            }
        }

        internal static void Validate(ChatRequest request)
        {
            if (string.IsNullOrWhiteSpace(request.Model))
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "No model was given. Pass -Model, e.g. -Model qwen-plus.");
            if (request.Messages.Count == 0)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "The conversation is empty: give a prompt or messages.");
            foreach (var message in request.Messages)
            {
                if (!QwenChatMessage.IsKnownRole(message.Role))
                    throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                        "A message has the role '" + message.Role + "'. Use system, user, assistant or tool.");
            }
            ValidateModalities(request);
        }

        /// <summary>Text and audio only; audio only from a model that speaks, and only with a file to save it to.</summary>
        private static void ValidateModalities(ChatRequest request)
        {
            if (request.Modalities == null) return;
            foreach (var modality in request.Modalities)
            {
                if (!string.Equals(modality, "text", StringComparison.OrdinalIgnoreCase) && !string.Equals(modality, "audio", StringComparison.OrdinalIgnoreCase))
                    throw new DashScopeException(DashScopeErrorKind.InvalidInput, "The answer can come as Text or Audio, not '" + modality + "'.");
            }
            if (!request.WantsAudio) return;
            var family = ModelCatalog.Default.Find(request.Model);
            if (!family.Speaks)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                    "The model catalog does not list " + request.Model + " as answering in speech; the omni models do (" +
                    string.Join(", ", ModelCatalog.Default.ModelNames("omni")) + "). Pick one of them, or leave out the audio modality.");
            if (request.AudioFile == null || string.IsNullOrWhiteSpace(request.AudioFile.Path))
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "A spoken answer needs a file to be saved to: give the audio file path.");
        }

        internal static void WriteMessage(Utf8JsonWriter writer, QwenChatMessage message, bool parts)
        {
            writer.WriteStartObject();
            writer.WriteString("role", message.Role);
            if (parts && message.Parts != null)
            {
                MultimodalBody.WriteParts(writer, message.Parts);
            }
            else if (!parts && message.Parts != null && message.Parts.Any(part => part != null && part.IsDocument))
            {
                // Documents by URL (qwen-doc-turbo): typed parts on the text endpoint.
                MultimodalBody.WriteTypedParts(writer, message.Parts);
            }
            else if (parts)
            {
                writer.WriteStartArray("content");
                if (!string.IsNullOrEmpty(message.Content))
                {
                    writer.WriteStartObject();
                    writer.WriteString("text", message.Content);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            else
            {
                writer.WriteString("content", message.Content ?? string.Empty);
            }
            if (!string.IsNullOrEmpty(message.ReasoningContent)) writer.WriteString("reasoning_content", message.ReasoningContent);
            WriteToolCalls(writer, message.ToolCalls, withIndex: true);
            if (!string.IsNullOrEmpty(message.ToolCallId)) writer.WriteString("tool_call_id", message.ToolCallId);
            if (!string.IsNullOrEmpty(message.Name)) writer.WriteString("name", message.Name);
            if (message.Partial) writer.WriteBoolean("partial", true);
            writer.WriteEndObject();
        }

        /// <summary>
        /// The tool calls of an assistant message, as the model sent them; the native protocol numbers them (index), the
        /// compatible one does not.
        /// </summary>
        internal static void WriteToolCalls(Utf8JsonWriter writer, IList<QwenToolCall>? calls, bool withIndex)
        {
            if (calls == null || calls.Count == 0) return;
            writer.WriteStartArray("tool_calls");
            foreach (var call in calls)
            {
                writer.WriteStartObject();
                writer.WriteString("id", call.Id);
                writer.WriteString("type", call.Type);
                if (withIndex) writer.WriteNumber("index", call.Index);
                writer.WriteStartObject("function");
                writer.WriteString("name", call.Name);
                writer.WriteString("arguments", call.Arguments);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }

        /// <summary>
        /// The generation parameters both protocols share, in one order: sampling, length, stop, penalties, thinking,
        /// reasoning effort, media and capabilities. <paramref name="overridden"/> names the ones the caller's extra
        /// parameters replace.
        /// </summary>
        internal static void WriteGenerationParameters(Utf8JsonWriter writer, ChatRequest request, bool dashScope, Func<string, bool> overridden)
        {
            if (request.Temperature.HasValue && !overridden("temperature")) writer.WriteNumber("temperature", request.Temperature.Value);
            if (request.TopP.HasValue && !overridden("top_p")) writer.WriteNumber("top_p", request.TopP.Value);
            if (request.TopK.HasValue && !overridden("top_k")) writer.WriteNumber("top_k", request.TopK.Value);
            if (request.Seed.HasValue && !overridden("seed")) writer.WriteNumber("seed", request.Seed.Value);
            if (request.MaxTokens.HasValue && !overridden("max_tokens")) writer.WriteNumber("max_tokens", request.MaxTokens.Value);
            if (request.Stop != null && request.Stop.Count > 0 && !overridden("stop"))
            {
                writer.WriteStartArray("stop");
                foreach (var stop in request.Stop) writer.WriteStringValue(stop);
                writer.WriteEndArray();
            }
            if (request.RepetitionPenalty.HasValue && !overridden("repetition_penalty")) writer.WriteNumber("repetition_penalty", request.RepetitionPenalty.Value);
            if (request.PresencePenalty.HasValue && !overridden("presence_penalty")) writer.WriteNumber("presence_penalty", request.PresencePenalty.Value);
            WriteThinking(writer, request, dashScope, overridden);
            if (!string.IsNullOrEmpty(request.ReasoningEffort) && !overridden("reasoning_effort")) writer.WriteString("reasoning_effort", request.ReasoningEffort);
            MultimodalBody.WriteParameters(writer, request, overridden);
            CapabilityParameters.Write(writer, request, overridden);
        }

        /// <summary>
        /// DashScope takes enable_thinking at the top level; vLLM and SGLang pass it to Qwen's chat template
        /// (chat_template_kwargs), the way they document for Qwen3.
        /// </summary>
        private static void WriteThinking(Utf8JsonWriter writer, ChatRequest request, bool dashScope, Func<string, bool> overridden)
        {
            if (dashScope)
            {
                if (request.EnableThinking.HasValue && !overridden("enable_thinking")) writer.WriteBoolean("enable_thinking", request.EnableThinking.Value);
                if (request.ThinkingBudget.HasValue && !overridden("thinking_budget")) writer.WriteNumber("thinking_budget", request.ThinkingBudget.Value);
                return;
            }
            if (request.EnableThinking.HasValue && !overridden("chat_template_kwargs"))
            {
                writer.WriteStartObject("chat_template_kwargs");
                writer.WriteBoolean("enable_thinking", request.EnableThinking.Value);
                writer.WriteEndObject();
            }
        }

        private static void WriteParameters(Utf8JsonWriter writer, ChatRequest request, bool stream)
        {
            var extra = ParameterNames.Canonicalize(request.AdditionalParameters);
            bool Overridden(string name) => extra.ContainsKey(name);

            writer.WriteStartObject("parameters");
            writer.WriteString("result_format", "message");
            if (stream) writer.WriteBoolean("incremental_output", true);
            WriteGenerationParameters(writer, request, dashScope: true, Overridden);
            foreach (var pair in extra)
            {
                if (ClientOwnedParameters.Contains(pair.Key)) continue;
                writer.WritePropertyName(pair.Key);
                JsonValueWriter.Write(writer, pair.Value);
            }
            writer.WriteEndObject();
        }
    }
}
