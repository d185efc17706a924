using System.Collections.Generic;
using DashScope.Models;

namespace DashScope.Streaming
{
    /// <summary>What one generation response (or one stream event) says, in either result_format.</summary>
    internal sealed class GenerationChunk
    {
        public string? RequestId { get; set; }
        public string? Text { get; set; }
        public string? Reasoning { get; set; }
        public string? Role { get; set; }

        /// <summary>Null while streaming ("null" on the wire is mapped to null).</summary>
        public string? FinishReason { get; set; }

        /// <summary>
        /// Token counts of this payload. Streams repeat usage in every event and only the last one matters,
        /// so it is read from <see cref="UsageSource"/> when first asked for, not for every event.
        /// </summary>
        public QwenUsage? Usage
        {
            get
            {
                if (_usage == null && HasUsage) _usage = GenerationChunkDecoder.ReadUsage(UsageSource);
                return _usage;
            }
            set
            {
                _usage = value;
                HasUsage = value != null && !GenerationChunkDecoder.IsEmpty(value);
            }
        }

        /// <summary>True when the payload has a non-empty usage object (a search stream's first event has {}).</summary>
        public bool HasUsage { get; private set; }

        /// <summary>The payload the usage is read from.</summary>
        internal System.ReadOnlyMemory<byte> UsageSource { get; private set; }

        internal void SetUsageSource(System.ReadOnlyMemory<byte> payload)
        {
            UsageSource = payload;
            HasUsage = true;
            _usage = null;
        }

        private QwenUsage? _usage;
        public List<ToolCallFragment>? ToolCalls { get; set; }

        /// <summary>Web search results of this payload; null when absent or empty (later stream events repeat []).</summary>
        public List<QwenSearchResult>? SearchResults { get; set; }

        /// <summary>Web search plugin results (extra_tool_info); null when absent or empty.</summary>
        public List<QwenSearchToolInfo>? SearchToolInfo { get; set; }

        /// <summary>qwen-deep-research: the event's phase, status and research details; null for other models.</summary>
        public ResearchDelta? Research { get; set; }

        /// <summary>OCR models: the ocr_result of a content part (kv_result, words_info), as plain values.</summary>
        public IDictionary<string, object?>? OcrResult { get; set; }

        /// <summary>Message annotations, e.g. {"type":"audio_info","language":"zh","emotion":"neutral"} (speech recognition).</summary>
        public List<IDictionary<string, object?>>? Annotations { get; set; }

        /// <summary>Spoken output of the OpenAI-compatible protocol (delta.audio); null when the payload has none.</summary>
        public AudioDelta? Audio { get; set; }
        /// <summary>The choice this payload's text, reasoning, tool calls and log-probabilities belong to (-Choices; 0 otherwise).</summary>
        public int ChoiceIndex { get; set; }

        /// <summary>The log-probabilities of this payload's tokens; null when not asked for.</summary>
        public List<QwenLogProbability>? LogProbabilities { get; set; }

        /// <summary>Further choices carried by the same payload (a whole answer with several choices); null otherwise.</summary>
        public List<GenerationChunk>? MoreChoices { get; set; }

        /// <summary>Code interpreter runs reported by this payload (output.tool_info); null when none.</summary>
        public List<QwenCodeRun>? CodeRuns { get; set; }

        /// <summary>Set when the payload is an error object ({code, message, request_id}).</summary>
        public string? ErrorCode { get; set; }
        public string? ErrorMessage { get; set; }
    }
}
