using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using DashScope.Catalog;
using DashScope.Json;
using DashScope.Models;

namespace DashScope.Requests
{
    /// <summary>
    /// Turns a <see cref="ChatRequest"/> into the OpenAI-compatible body of POST {base}/chat/completions: the members of
    /// "parameters" at the top level, messages with OpenAI content parts. DashScope-only members go to DashScope only; a
    /// request that needs one fails for another server before anything is sent.
    /// </summary>
    public static class CompatibleChatRequestBuilder
    {
        /// <summary>The path under the compatible base.</summary>
        public const string ChatCompletionsPath = "chat/completions";

        /// <summary>The url of a chat line in a Batch API input file.</summary>
        public const string BatchUrl = "/v1/chat/completions";

        private static readonly HashSet<string> ClientOwnedParameters = new HashSet<string>(StringComparer.Ordinal)
        {
            "stream", "stream_options", "incremental_output", "result_format",
        };

        /// <summary>The body as UTF-8. <paramref name="dashScope"/> false: for another OpenAI-compatible server (vLLM, Ollama, ...).</summary>
        public static byte[] Build(ChatRequest request, bool stream, bool dashScope = true) =>
            JsonText.ToUtf8(writer => Write(writer, request, stream, dashScope));

        /// <summary>Writes the body as one JSON object (a batch input line embeds it).</summary>
        public static void Write(Utf8JsonWriter writer, ChatRequest request, bool stream, bool dashScope)
        {
            ChatRequestBuilder.Validate(request);
            if (!dashScope) RefuseDashScopeOnly(request);
            var extra = request.AdditionalParameters.Count == 0 ? request.AdditionalParameters : ParameterNames.Canonicalize(request.AdditionalParameters);
            bool Overridden(string name) => extra.ContainsKey(name);

            writer.WriteStartObject();
            writer.WriteString("model", request.Model);
            writer.WriteStartArray("messages");
            foreach (var message in request.Messages) WriteMessage(writer, message, dashScope);
            writer.WriteEndArray();
            if (stream)
            {
                writer.WriteBoolean("stream", true);
                // Usage comes in one last chunk only when asked for.
                writer.WriteStartObject("stream_options");
                writer.WriteBoolean("include_usage", true);
                writer.WriteEndObject();
            }
            ChatRequestBuilder.WriteGenerationParameters(writer, request, dashScope, Overridden);
            WriteSpeech(writer, request, Overridden);
            foreach (var pair in extra)
            {
                if (ClientOwnedParameters.Contains(pair.Key)) continue;
                writer.WritePropertyName(pair.Key);
                JsonValueWriter.Write(writer, pair.Value);
            }
            writer.WriteEndObject();
        }

        /// <summary>
        /// modalities ["text","audio"] and audio {voice, format}, only for a spoken answer (validation has checked that the
        /// model gives one). The omni models speak only wav, 16-bit PCM behind the header this client writes.
        /// </summary>
        private static void WriteSpeech(Utf8JsonWriter writer, ChatRequest request, Func<string, bool> overridden)
        {
            if (!request.WantsAudio) return;
            if (!overridden("modalities"))
            {
                writer.WriteStartArray("modalities");
                writer.WriteStringValue("text");
                writer.WriteStringValue("audio");
                writer.WriteEndArray();
            }
            if (overridden("audio")) return;
            writer.WriteStartObject("audio");
            var voice = request.Voice ?? ModelCatalog.Default.Find(request.Model).DefaultVoice(request.Model);
            if (voice != null) writer.WriteString("voice", voice);
            writer.WriteString("format", "wav");
            writer.WriteEndObject();
        }

        private static void RefuseDashScopeOnly(ChatRequest request)
        {
            string? feature = null;
            if (request.EnableSearch == true || request.SearchOptions != null) feature = "Web search";
            else if (request.ThinkingBudget.HasValue) feature = "A thinking budget";
            else if (request.Ocr != null) feature = "An OCR task";
            else if (request.Asr != null && !request.Asr.IsEmpty) feature = "Speech recognition options";
            else if (request.HighResolutionImages.HasValue) feature = "High-resolution images";
            else if (request.Translation != null) feature = "Translation options";
            else if (request.EnableCodeInterpreter == true) feature = "The code interpreter";
            if (feature != null)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                    feature + " is a DashScope feature; this server speaks only the OpenAI-compatible protocol. Leave it out, or send the request to DashScope.");
        }

        private static void WriteMessage(Utf8JsonWriter writer, QwenChatMessage message, bool dashScope)
        {
            writer.WriteStartObject();
            writer.WriteString("role", message.Role);
            if (message.Parts != null && HasMedia(message.Parts))
            {
                WriteParts(writer, message.Parts, dashScope);
            }
            else if (message.Parts != null)
            {
                // Text parts only: one string, which every server takes.
                var text = new StringBuilder();
                foreach (var part in message.Parts)
                {
                    if (part?.Text != null) text.Append(part.Text);
                }
                writer.WriteString("content", text.ToString());
            }
            else
            {
                writer.WriteString("content", message.Content ?? string.Empty);
            }
            ChatRequestBuilder.WriteToolCalls(writer, message.ToolCalls, withIndex: false);
            if (!string.IsNullOrEmpty(message.ToolCallId)) writer.WriteString("tool_call_id", message.ToolCallId);
            if (!string.IsNullOrEmpty(message.Name)) writer.WriteString("name", message.Name);
            if (message.Partial && dashScope) writer.WriteBoolean("partial", true);
            writer.WriteEndObject();
        }

        private static bool HasMedia(IList<QwenContentPart> parts)
        {
            foreach (var part in parts)
            {
                if (part != null && part.IsMedia) return true;
            }
            return false;
        }

        /// <summary>OpenAI content parts: text, image_url, input_audio, video_url, and DashScope's video frame list.</summary>
        private static void WriteParts(Utf8JsonWriter writer, IList<QwenContentPart> parts, bool dashScope)
        {
            writer.WriteStartArray("content");
            foreach (var part in parts)
            {
                if (part == null) continue;
                writer.WriteStartObject();
                switch (part.Type)
                {
                    case QwenContentPart.TextType:
                        writer.WriteString("type", "text");
                        writer.WriteString("text", part.Text ?? string.Empty);
                        break;
                    case QwenContentPart.ImageType:
                        writer.WriteString("type", "image_url");
                        writer.WriteStartObject("image_url");
                        writer.WriteString("url", part.Url ?? string.Empty);
                        writer.WriteEndObject();
                        break;
                    case QwenContentPart.AudioType:
                        writer.WriteString("type", "input_audio");
                        writer.WriteStartObject("input_audio");
                        writer.WriteString("data", part.Url ?? string.Empty);
                        writer.WriteString("format", AudioFormatOf(part.Url ?? string.Empty));
                        writer.WriteEndObject();
                        break;
                    case QwenContentPart.VideoType when part.Frames != null:
                        writer.WriteString("type", "video");
                        writer.WriteStartArray("video");
                        foreach (var frame in part.Frames) writer.WriteStringValue(frame);
                        writer.WriteEndArray();
                        break;
                    case QwenContentPart.VideoType:
                        writer.WriteString("type", "video_url");
                        writer.WriteStartObject("video_url");
                        writer.WriteString("url", part.Url ?? string.Empty);
                        writer.WriteEndObject();
                        break;
                    default:
                        throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                            "A content part has the type '" + part.Type + "'. Use text, image, video or audio.");
                }
                if (dashScope)
                {
                    if (part.MinPixels.HasValue) writer.WriteNumber("min_pixels", part.MinPixels.Value);
                    if (part.MaxPixels.HasValue) writer.WriteNumber("max_pixels", part.MaxPixels.Value);
                    if (part.EnableRotate.HasValue) writer.WriteBoolean("enable_rotate", part.EnableRotate.Value);
                    if (part.Fps.HasValue) writer.WriteNumber("fps", part.Fps.Value);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }

        /// <summary>input_audio.format: the subtype of a data: URI (audio/mpeg is mp3), else the URL's extension.</summary>
        internal static string AudioFormatOf(string url)
        {
            if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            {
                var slash = url.IndexOf('/');
                var end = url.IndexOfAny(new[] { ';', ',' });
                if (slash > 0 && end > slash)
                {
                    var subtype = url.Substring(slash + 1, end - slash - 1).ToLowerInvariant();
                    return subtype == "mpeg" ? "mp3" : subtype.StartsWith("x-", StringComparison.Ordinal) ? subtype.Substring(2) : subtype;
                }
                return "mp3";
            }
            var path = url;
            var query = path.IndexOfAny(new[] { '?', '#' });
            if (query >= 0) path = path.Substring(0, query);
            var extension = Path.GetExtension(path).TrimStart('.').ToLowerInvariant();
            return extension.Length == 0 ? "mp3" : extension;
        }
    }
}
