using System;
using System.Collections.Generic;
using System.Text.Json;
using DashScope.Json;
using DashScope.Models;

namespace DashScope.Requests
{
    /// <summary>
    /// The multimodal pieces of a generation body: content parts ({"image":..}, {"video":..}, {"audio":..},
    /// {"text":..}), the VL / OCR / ASR parameters, and the header oss:// media need.
    /// </summary>
    internal static class MultimodalBody
    {
        public const string OssResolveHeader = "X-DashScope-OssResourceResolve";

        public static bool HasMediaParts(ChatRequest request)
        {
            foreach (var message in request.Messages)
            {
                if (message.Parts == null) continue;
                foreach (var part in message.Parts)
                {
                    if (part != null && part.IsMedia) return true;
                }
            }
            return false;
        }

        /// <summary>True when any part refers to a temporary upload (oss://), which the service resolves only on request.</summary>
        public static bool NeedsOssResolve(ChatRequest request)
        {
            foreach (var message in request.Messages)
            {
                if (message.Parts == null) continue;
                foreach (var part in message.Parts)
                {
                    if (part == null) continue;
                    foreach (var url in part.Urls())
                    {
                        if (url.StartsWith("oss://", StringComparison.OrdinalIgnoreCase)) return true;
                    }
                }
            }
            return false;
        }

        public static IDictionary<string, string>? HeadersFor(ChatRequest request) =>
            NeedsOssResolve(request)
                ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [OssResolveHeader] = "enable" }
                : null;

        public static void WriteParts(Utf8JsonWriter writer, IList<QwenContentPart> parts)
        {
            writer.WriteStartArray("content");
            foreach (var part in parts)
            {
                if (part == null) continue;
                writer.WriteStartObject();
                switch (part.Type)
                {
                    case QwenContentPart.TextType:
                        writer.WriteString("text", part.Text ?? string.Empty);
                        break;
                    case QwenContentPart.VideoType when part.Frames != null:
                        writer.WriteStartArray("video");
                        foreach (var frame in part.Frames) writer.WriteStringValue(frame);
                        writer.WriteEndArray();
                        break;
                    case QwenContentPart.ImageType:
                    case QwenContentPart.VideoType:
                    case QwenContentPart.AudioType:
                        writer.WriteString(part.Type, part.Url ?? string.Empty);
                        break;
                    case QwenContentPart.DocumentUrlType:
                        throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                            "Documents by URL go to qwen-doc-turbo on the text endpoint, not with images, video or audio. Ask about them in a separate call.");
                    default:
                        throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                            "A content part has the type '" + part.Type + "'. Use text, image, video or audio.");
                }
                if (part.MinPixels.HasValue) writer.WriteNumber("min_pixels", part.MinPixels.Value);
                if (part.MaxPixels.HasValue) writer.WriteNumber("max_pixels", part.MaxPixels.Value);
                if (part.EnableRotate.HasValue) writer.WriteBoolean("enable_rotate", part.EnableRotate.Value);
                if (part.Fps.HasValue) writer.WriteNumber("fps", part.Fps.Value);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }

        /// <summary>
        /// Content as typed parts, the form qwen-doc-turbo takes on the text endpoint:
        /// {"type":"text","text":...} and {"type":"doc_url","doc_url":[...],"file_parsing_strategy":...}.
        /// </summary>
        public static void WriteTypedParts(Utf8JsonWriter writer, IList<QwenContentPart> parts)
        {
            writer.WriteStartArray("content");
            foreach (var part in parts)
            {
                if (part == null) continue;
                writer.WriteStartObject();
                writer.WriteString("type", part.Type);
                if (part.IsDocument)
                {
                    writer.WriteStartArray(QwenContentPart.DocumentUrlType);
                    foreach (var url in part.DocumentUrls ?? new string[0]) writer.WriteStringValue(url);
                    writer.WriteEndArray();
                    if (!string.IsNullOrEmpty(part.FileParsingStrategy)) writer.WriteString("file_parsing_strategy", part.FileParsingStrategy);
                }
                else if (part.Type == QwenContentPart.TextType)
                {
                    writer.WriteString("text", part.Text ?? string.Empty);
                }
                else
                {
                    throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                        "A message with documents by URL can carry text besides them, not " + part.Type + ".");
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }

        public static void WriteParameters(Utf8JsonWriter writer, ChatRequest request, Func<string, bool> overridden)
        {
            if (request.HighResolutionImages.HasValue && !overridden("vl_high_resolution_images"))
                writer.WriteBoolean("vl_high_resolution_images", request.HighResolutionImages.Value);

            if (request.Ocr != null && !overridden("ocr_options"))
            {
                writer.WriteStartObject("ocr_options");
                writer.WriteString("task", request.Ocr.WireTask);
                if (request.Ocr.ResultSchema != null && request.Ocr.ResultSchema.Count > 0)
                {
                    writer.WriteStartObject("task_config");
                    writer.WritePropertyName("result_schema");
                    JsonValueWriter.Write(writer, request.Ocr.ResultSchema);
                    writer.WriteEndObject();
                }
                writer.WriteEndObject();
            }

            if (request.Asr != null && !request.Asr.IsEmpty && !overridden("asr_options"))
            {
                writer.WriteStartObject("asr_options");
                if (!string.IsNullOrEmpty(request.Asr.Language)) writer.WriteString("language", request.Asr.Language);
                if (request.Asr.EnableItn.HasValue) writer.WriteBoolean("enable_itn", request.Asr.EnableItn.Value);
                if (request.Asr.EnableLid.HasValue) writer.WriteBoolean("enable_lid", request.Asr.EnableLid.Value);
                writer.WriteEndObject();
            }
        }
    }
}
