using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using DashScope.Json;
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

        public static GenerationChunk Decode(ReadOnlyMemory<byte> json) => DecodePayload(json, "DashScope", json, (root, payload) =>
        {
            var chunk = Decode(root, parseUsage: false);
            if (chunk.HasUsage) chunk.SetUsageSource(payload);
            return chunk;
        });

        /// <summary>
        /// Parses one event's payload and reads it with <paramref name="read"/>; data that is not JSON, or not UTF-8, is a
        /// protocol error naming <paramref name="sender"/>. <paramref name="state"/> goes to <paramref name="read"/>, so the
        /// readers are static lambdas and nothing is allocated for them per event.
        /// </summary>
        internal static GenerationChunk DecodePayload<TState>(ReadOnlyMemory<byte> json, string sender, TState state, Func<JsonElement, TState, GenerationChunk> read)
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
                    sender + " sent data that is not valid JSON: " + exception.Message + " Data: " + preview, exception);
            }

            using (document)
            {
                try
                {
                    return read(document.RootElement, state);
                }
                catch (InvalidOperationException exception)
                {
                    // The parser accepts invalid UTF-8 inside strings; reading such a string throws this.
                    throw new DashScopeException(DashScopeErrorKind.Protocol,
                        sender + " sent data that is not valid UTF-8 JSON: " + exception.Message, exception);
                }
            }
        }

        public static GenerationChunk Decode(JsonElement root) => Decode(root, parseUsage: true);

        private static GenerationChunk Decode(JsonElement root, bool parseUsage)
        {
            var chunk = new GenerationChunk { RequestId = root.GetStringOrNull(Names.RequestId) };
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new DashScopeException(DashScopeErrorKind.Protocol, "DashScope sent a JSON " + root.ValueKind + " where an object was expected.");
            }

            var code = root.GetStringOrNull(Names.Code);
            if (!string.IsNullOrEmpty(code))
            {
                chunk.ErrorCode = code;
                chunk.ErrorMessage = root.GetStringOrNull("message") ?? root.GetStringOrNull("msg");
                return chunk;
            }

            if (root.TryGet(Names.Output, out var output))
            {
                chunk.Text = output.GetStringOrNull(Names.Text);
                chunk.FinishReason = NormalizeFinishReason(output.GetStringOrNull(Names.FinishReason));
                if (output.TryGet(Names.Choices, out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
                {
                    var position = 0;
                    foreach (var choice in choices.EnumerateArray())
                    {
                        var target = chunk;
                        if (position > 0) (chunk.MoreChoices ??= new List<GenerationChunk>()).Add(target = new GenerationChunk());
                        target.ChoiceIndex = choice.GetIntOrNull("index") ?? position;
                        target.FinishReason = NormalizeFinishReason(choice.GetStringOrNull(Names.FinishReason)) ?? (position == 0 ? chunk.FinishReason : null);
                        if (choice.TryGet(Names.Message, out var message)) ReadMessage(message, target);
                        if (choice.TryGet(Names.LogProbs, out var logprobs)) target.LogProbabilities = ReadLogProbabilities(logprobs);
                        position++;
                    }
                }
                else if (output.TryGet("message", out var researchMessage) && researchMessage.ValueKind == JsonValueKind.Object)
                {
                    // qwen-deep-research: output.message instead of choices, and "fininshed_reason" (sic).
                    ReadMessage(researchMessage, chunk);
                    chunk.FinishReason = NormalizeFinishReason(output.GetStringOrNull("fininshed_reason") ?? output.GetStringOrNull("finished_reason")) ?? chunk.FinishReason;
                    chunk.Research = ResearchDecoder.Read(researchMessage);
                }
                SearchInfoDecoder.Read(output, chunk);
                if (output.TryGet(Names.ToolInfo, out var toolInfo) && toolInfo.ValueKind == JsonValueKind.Array && toolInfo.GetArrayLength() > 0)
                    chunk.CodeRuns = ReadCodeRuns(toolInfo);
            }

            if (root.TryGet(Names.Usage, out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                if (parseUsage)
                {
                    chunk.Usage = ReadUsage(usage);
                }
                else
                {
                    // Only note that there is one; the caller keeps the bytes and the counts are read on demand.
                    using (var properties = usage.EnumerateObject())
                    {
                        if (properties.MoveNext()) chunk.SetUsageSource(default);
                        else chunk.Usage = new QwenUsage(); // "usage":{} of a search stream's first event
                    }
                }
            }
            return chunk;
        }

        /// <summary>choices[].logprobs.content: each token with its log-probability, bytes and top alternatives; null when absent.</summary>
        internal static List<QwenLogProbability>? ReadLogProbabilities(JsonElement logprobs)
        {
            if (!logprobs.TryGet("content", out var content) || content.ValueKind != JsonValueKind.Array) return null;
            var list = new List<QwenLogProbability>(content.GetArrayLength());
            foreach (var item in content.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object) continue;
                var token = ReadLogProbability(item);
                if (item.TryGet("top_logprobs", out var top) && top.ValueKind == JsonValueKind.Array)
                {
                    foreach (var alternative in top.EnumerateArray())
                    {
                        if (alternative.ValueKind == JsonValueKind.Object) token.TopAlternatives.Add(ReadLogProbability(alternative));
                    }
                }
                list.Add(token);
            }
            return list;
        }

        private static QwenLogProbability ReadLogProbability(JsonElement item)
        {
            var probability = new QwenLogProbability
            {
                Token = item.GetStringOrNull("token") ?? string.Empty,
                LogProbability = item.GetDoubleOrNull("logprob") ?? 0,
            };
            if (item.TryGet("bytes", out var bytes) && bytes.ValueKind == JsonValueKind.Array)
            {
                var values = new List<byte>(bytes.GetArrayLength());
                foreach (var value in bytes.EnumerateArray())
                {
                    if (value.ValueKind == JsonValueKind.Number && value.TryGetByte(out var b)) values.Add(b);
                }
                probability.Bytes = values.ToArray();
            }
            return probability;
        }

        /// <summary>output.tool_info: the code interpreter's runs.</summary>
        private static List<QwenCodeRun> ReadCodeRuns(JsonElement toolInfo)
        {
            var runs = new List<QwenCodeRun>(toolInfo.GetArrayLength());
            foreach (var item in toolInfo.EnumerateArray())
            {
                if (!(item.ToPlainValue() is IDictionary<string, object?> details)) continue;
                var type = item.GetStringOrNull("type") ?? "code_interpreter";
                var run = new QwenCodeRun { Type = type, Details = details };
                if (item.TryGet(type, out var body) && body.ValueKind == JsonValueKind.Object)
                {
                    run.Code = body.GetStringOrNull("code");
                    run.Result = body.GetStringOrNull("result") ?? body.GetStringOrNull("output");
                }
                runs.Add(run);
            }
            return runs;
        }

        /// <summary>"null", JSON null and a missing value all mean "not finished".</summary>
        public static string? NormalizeFinishReason(string? value) =>
            string.IsNullOrEmpty(value) || value == "null" ? null : value;

        private static void ReadMessage(JsonElement message, GenerationChunk chunk)
        {
            chunk.Role = message.GetStringOrNull(Names.Role);
            chunk.Reasoning = message.GetStringOrNull(Names.ReasoningContent);
            if (message.TryGet(Names.Content, out var content))
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
                        if (part.TryGet(Names.OcrResult, out var ocr) && ocr.ValueKind == JsonValueKind.Object)
                            chunk.OcrResult = ocr.ToPlainValue() as IDictionary<string, object?>;
                        var piece = part.GetStringOrNull(Names.Text);
                        if (piece == null) continue;
                        if (text == null) text = new StringBuilder();
                        text.Append(piece);
                    }
                    chunk.Text = text?.ToString() ?? string.Empty;
                }
            }

            if (message.TryGet(Names.Annotations, out var annotations) && annotations.ValueKind == JsonValueKind.Array && annotations.GetArrayLength() > 0)
            {
                chunk.Annotations = new List<IDictionary<string, object?>>();
                foreach (var annotation in annotations.EnumerateArray())
                {
                    if (annotation.ToPlainValue() is IDictionary<string, object?> entry) chunk.Annotations.Add(entry);
                }
            }

            if (message.TryGet(Names.ToolCalls, out var calls) && calls.ValueKind == JsonValueKind.Array)
            {
                chunk.ToolCalls = ReadToolCalls(calls);
            }
        }

        /// <summary>The tool-call fragments of a message or delta (both protocols write them alike); a missing index is the position.</summary>
        internal static List<ToolCallFragment> ReadToolCalls(JsonElement calls)
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
            return fragments;
        }

        /// <summary>Reads the usage object of a whole payload (the last event's, once the stream is done).</summary>
        internal static QwenUsage? ReadUsage(ReadOnlyMemory<byte> payload)
        {
            if (payload.IsEmpty) return null;
            using (var document = JsonDocument.Parse(Utf8Bom.Skip(payload)))
            {
                return document.RootElement.TryGet(Names.Usage, out var usage) && usage.ValueKind == JsonValueKind.Object
                    ? ReadUsage(usage)
                    : null;
            }
        }

        /// <summary>Property names of the per-event path as UTF-8, so lookups do not transcode them every time.</summary>
        private static class Names
        {
            public static readonly byte[] RequestId = Encoding.UTF8.GetBytes("request_id");
            public static readonly byte[] Code = Encoding.UTF8.GetBytes("code");
            public static readonly byte[] Output = Encoding.UTF8.GetBytes("output");
            public static readonly byte[] Text = Encoding.UTF8.GetBytes("text");
            public static readonly byte[] FinishReason = Encoding.UTF8.GetBytes("finish_reason");
            public static readonly byte[] Choices = Encoding.UTF8.GetBytes("choices");
            public static readonly byte[] Message = Encoding.UTF8.GetBytes("message");
            public static readonly byte[] Role = Encoding.UTF8.GetBytes("role");
            public static readonly byte[] ReasoningContent = Encoding.UTF8.GetBytes("reasoning_content");
            public static readonly byte[] Content = Encoding.UTF8.GetBytes("content");
            public static readonly byte[] Annotations = Encoding.UTF8.GetBytes("annotations");
            public static readonly byte[] ToolCalls = Encoding.UTF8.GetBytes("tool_calls");
            public static readonly byte[] OcrResult = Encoding.UTF8.GetBytes("ocr_result");
            public static readonly byte[] Usage = Encoding.UTF8.GetBytes("usage");
            public static readonly byte[] LogProbs = Encoding.UTF8.GetBytes("logprobs");
            public static readonly byte[] ToolInfo = Encoding.UTF8.GetBytes("tool_info");
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
