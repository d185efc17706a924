using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using DashScope.Models;

namespace DashScope.Streaming
{
    /// <summary>
    /// Decodes one generation payload (a JSON body or one SSE data line) of either endpoint:
    /// result_format text (output.text) or message (output.choices[0].message), content as a
    /// string or as a parts array.
    /// </summary>
    internal static class GenerationChunkDecoder
    {
        public static GenerationChunk Decode(byte[] json) => Decode(new ReadOnlyMemory<byte>(json));

        public static GenerationChunk Decode(ReadOnlyMemory<byte> json)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(Utf8Bom.Skip(json));
            }
            catch (JsonException exception)
            {
                var preview = Encoding.UTF8.GetString(json.ToArray());
                if (preview.Length > 200) preview = preview.Substring(0, 200) + "...";
                throw new DashScopeException(DashScopeErrorKind.Protocol,
                    "DashScope sent data that is not valid JSON: " + exception.Message + " Data: " + preview, exception);
            }

            using (document)
            {
                try
                {
                    return Decode(document.RootElement);
                }
                catch (InvalidOperationException exception)
                {
                    // The parser accepts invalid UTF-8 inside strings; reading such a string throws this.
                    throw new DashScopeException(DashScopeErrorKind.Protocol,
                        "DashScope sent data that is not valid UTF-8 JSON: " + exception.Message, exception);
                }
            }
        }

        public static GenerationChunk Decode(JsonElement root)
        {
            var chunk = new GenerationChunk { RequestId = root.GetStringOrNull("request_id") };
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new DashScopeException(DashScopeErrorKind.Protocol, "DashScope sent a JSON " + root.ValueKind + " where an object was expected.");
            }

            var code = root.GetStringOrNull("code");
            if (!string.IsNullOrEmpty(code))
            {
                chunk.ErrorCode = code;
                chunk.ErrorMessage = root.GetStringOrNull("message") ?? root.GetStringOrNull("msg");
                return chunk;
            }

            if (root.TryGet("output", out var output))
            {
                chunk.Text = output.GetStringOrNull("text");
                chunk.FinishReason = NormalizeFinishReason(output.GetStringOrNull("finish_reason"));
                if (output.TryGet("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
                {
                    var choice = choices[0];
                    chunk.FinishReason = NormalizeFinishReason(choice.GetStringOrNull("finish_reason")) ?? chunk.FinishReason;
                    if (choice.TryGet("message", out var message)) ReadMessage(message, chunk);
                }
                else if (output.TryGet("message", out var researchMessage) && researchMessage.ValueKind == JsonValueKind.Object)
                {
                    // qwen-deep-research: output.message instead of choices, and "fininshed_reason" (sic).
                    ReadMessage(researchMessage, chunk);
                    chunk.FinishReason = NormalizeFinishReason(output.GetStringOrNull("fininshed_reason") ?? output.GetStringOrNull("finished_reason")) ?? chunk.FinishReason;
                    chunk.Research = GenerationExtras.ReadResearch(researchMessage);
                }
                GenerationExtras.ReadSearchInfo(output, chunk);
            }

            if (root.TryGet("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                chunk.Usage = ReadUsage(usage);
            }
            return chunk;
        }

        /// <summary>"null", JSON null and a missing value all mean "not finished".</summary>
        public static string? NormalizeFinishReason(string? value) =>
            string.IsNullOrEmpty(value) || value == "null" ? null : value;

        private static void ReadMessage(JsonElement message, GenerationChunk chunk)
        {
            chunk.Role = message.GetStringOrNull("role");
            chunk.Reasoning = message.GetStringOrNull("reasoning_content");
            if (message.TryGet("content", out var content))
            {
                if (content.ValueKind == JsonValueKind.String)
                {
                    chunk.Text = content.GetString();
                }
                else if (content.ValueKind == JsonValueKind.Array)
                {
                    // Multimodal endpoint: [{"text": "..."}, ...]; join the text parts.
                    StringBuilder? text = null;
                    foreach (var part in content.EnumerateArray())
                    {
                        if (part.TryGet("ocr_result", out var ocr) && ocr.ValueKind == JsonValueKind.Object)
                            chunk.OcrResult = ocr.ToPlainValue() as IDictionary<string, object?>;
                        var piece = part.GetStringOrNull("text");
                        if (piece == null) continue;
                        if (text == null) text = new StringBuilder();
                        text.Append(piece);
                    }
                    chunk.Text = text?.ToString() ?? string.Empty;
                }
            }

            if (message.TryGet("annotations", out var annotations) && annotations.ValueKind == JsonValueKind.Array && annotations.GetArrayLength() > 0)
            {
                chunk.Annotations = new List<IDictionary<string, object?>>();
                foreach (var annotation in annotations.EnumerateArray())
                {
                    if (annotation.ToPlainValue() is IDictionary<string, object?> entry) chunk.Annotations.Add(entry);
                }
            }

            if (message.TryGet("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
            {
                var fragments = new List<ToolCallFragment>(calls.GetArrayLength());
                var position = 0;
                foreach (var call in calls.EnumerateArray())
                {
                    var fragment = new ToolCallFragment
                    {
                        Index = call.GetIntOrNull("index") ?? position,
                        Id = call.GetStringOrNull("id"),
                        Type = call.GetStringOrNull("type"),
                    };
                    if (call.TryGet("function", out var function))
                    {
                        fragment.Name = function.GetStringOrNull("name");
                        fragment.Arguments = function.GetStringOrNull("arguments");
                    }
                    fragments.Add(fragment);
                    position++;
                }
                chunk.ToolCalls = fragments;
            }
        }

        internal static QwenUsage ReadUsage(JsonElement usage)
        {
            var result = new QwenUsage
            {
                InputTokens = usage.GetIntOrNull("input_tokens"),
                OutputTokens = usage.GetIntOrNull("output_tokens"),
                TotalTokens = usage.GetIntOrNull("total_tokens"),
                ImageTokens = usage.GetIntOrNull("image_tokens"),
                VideoTokens = usage.GetIntOrNull("video_tokens"),
                AudioTokens = usage.GetIntOrNull("audio_tokens"),
                CachedTokens = usage.GetIntOrNull("cached_tokens"),
                Seconds = usage.GetDoubleOrNull("seconds"),
            };
            if (usage.TryGet("output_tokens_details", out var outputDetails))
                result.ReasoningTokens = outputDetails.GetIntOrNull("reasoning_tokens");
            if (usage.TryGet("prompt_tokens_details", out var promptDetails))
                result.CachedTokens = promptDetails.GetIntOrNull("cached_tokens") ?? result.CachedTokens;
            if (usage.TryGet("input_tokens_details", out var inputDetails))
            {
                result.ImageTokens = result.ImageTokens ?? inputDetails.GetIntOrNull("image_tokens");
                result.VideoTokens = result.VideoTokens ?? inputDetails.GetIntOrNull("video_tokens");
                result.AudioTokens = result.AudioTokens ?? inputDetails.GetIntOrNull("audio_tokens");
            }
            if (!result.TotalTokens.HasValue && result.InputTokens.HasValue && result.OutputTokens.HasValue)
                result.TotalTokens = result.InputTokens + result.OutputTokens;
            if (usage.ToPlainValue() is IDictionary<string, object?> details) result.Details = details;
            return result;
        }

        /// <summary>True for the "usage":{} of a search stream's first event, which must not replace real counts.</summary>
        internal static bool IsEmpty(QwenUsage usage) => usage.Details.Count == 0;
    }
}
