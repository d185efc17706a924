using System;
using System.Collections.Generic;
using DashScope.Models;

namespace DashScope.Streaming
{
    /// <summary>
    /// One server event of a chat stream, decoded: the new text and reasoning, tool-call fragments, search results,
    /// the deep-research phase, usage and the finish reason. <see cref="Content"/> says which are present.
    /// </summary>
    public sealed class ChatStreamEvent
    {
        private readonly GenerationChunk _chunk;

        internal ChatStreamEvent(GenerationChunk chunk, SseEvent source, string model, string? headerRequestId,
            IReadOnlyList<QwenCodeRun>? newCodeRuns = null, string? eventId = null)
        {
            _chunk = chunk;
            CodeRuns = newCodeRuns;
            EventId = source.Id ?? eventId;
            ReceivedAt = source.ReceivedAt;
            RequestId = chunk.RequestId ?? headerRequestId;
            Model = model;
        }

        /// <summary>The new answer text of this event (a delta); empty when none.</summary>
        public string Text => _chunk.Text ?? string.Empty;

        /// <summary>The new reasoning text of this event; null when none.</summary>
        public string? Reasoning => string.IsNullOrEmpty(_chunk.Reasoning) ? null : _chunk.Reasoning;

        /// <summary>Pieces of tool calls; pieces with the same index belong to one call.</summary>
        public IReadOnlyList<ToolCallFragment>? ToolCalls => _chunk.ToolCalls;

        /// <summary>Web search: the pages the answer is based on (only the event that brings them).</summary>
        public IReadOnlyList<QwenSearchResult>? SearchResults => _chunk.SearchResults;

        /// <summary>Web search plugin results.</summary>
        public IReadOnlyList<QwenSearchToolInfo>? SearchToolInfo => _chunk.SearchToolInfo;

        /// <summary>qwen-deep-research: the phase, status and research details of this event.</summary>
        public ResearchDelta? Research => _chunk.Research;

        /// <summary>The answer this event belongs to when several were asked for (-Choices); 0 otherwise.</summary>
        public int ChoiceIndex => _chunk.ChoiceIndex;

        /// <summary>The log-probabilities of this event's tokens; null when not asked for.</summary>
        public IReadOnlyList<QwenLogProbability>? LogProbabilities => _chunk.LogProbabilities;

        /// <summary>Code interpreter runs this event reports for the first time; null otherwise.</summary>
        public IReadOnlyList<QwenCodeRun>? CodeRuns { get; }

        /// <summary>The bytes of spoken answer this event brought (omni models asked for speech); 0 when none.</summary>
        public int AudioBytes => Base64Length(_chunk.Audio?.Data);

        /// <summary>Token counts so far (cumulative); read from the event's bytes when first asked for.</summary>
        public QwenUsage? Usage => _chunk.HasUsage ? _chunk.Usage : null;

        /// <summary>stop, length or tool_calls on the last event; null before.</summary>
        public string? FinishReason => _chunk.FinishReason;

        /// <summary>The SSE event id (1, 2, ...).</summary>
        public string? EventId { get; }

        public DateTimeOffset ReceivedAt { get; }

        public string? RequestId { get; }

        public string Model { get; }

        public ChatEventContent Content
        {
            get
            {
                var content = ChatEventContent.None;
                if (!string.IsNullOrEmpty(_chunk.Text)) content |= ChatEventContent.Text;
                if (!string.IsNullOrEmpty(_chunk.Reasoning)) content |= ChatEventContent.Reasoning;
                if (_chunk.ToolCalls != null && _chunk.ToolCalls.Count > 0) content |= ChatEventContent.ToolCall;
                if (_chunk.SearchResults != null || _chunk.SearchToolInfo != null) content |= ChatEventContent.SearchResults;
                if (_chunk.Research != null) content |= ChatEventContent.Research;
                if (CodeRuns != null) content |= ChatEventContent.CodeRun;
                if (!string.IsNullOrEmpty(_chunk.Audio?.Data)) content |= ChatEventContent.Audio;
                if (_chunk.HasUsage) content |= ChatEventContent.Usage;
                if (_chunk.FinishReason != null) content |= ChatEventContent.Final;
                return content;
            }
        }

        /// <summary>The record a streaming cmdlet writes for this event.</summary>
        public QwenChatStreamRecord ToRecord() => new QwenChatStreamRecord
        {
            Text = Text,
            Reasoning = Reasoning,
            FinishReason = FinishReason,
            ChoiceIndex = ChoiceIndex,
            LogProbabilities = _chunk.LogProbabilities,
            CodeRuns = CodeRuns == null ? null : new List<QwenCodeRun>(CodeRuns),
            AudioBytes = AudioBytes,
            EventId = EventId,
            ReceivedAt = ReceivedAt,
            RequestId = RequestId,
            Model = Model,
        };

        /// <summary>The deep-research record for this event; null when it is not a research event.</summary>
        public QwenResearchRecord? ToResearchRecord()
        {
            var delta = _chunk.Research;
            if (delta == null) return null;
            return new QwenResearchRecord
            {
                Phase = delta.Phase,
                Status = delta.Status,
                Text = Text,
                ResearchId = delta.ResearchId,
                ResearchGoal = string.IsNullOrEmpty(delta.ResearchGoal) ? null : delta.ResearchGoal,
                Query = string.IsNullOrEmpty(delta.Query) ? null : delta.Query,
                WebSites = delta.WebSites ?? new List<QwenResearchWebSite>(),
                LearningMap = delta.LearningMap,
                References = delta.References ?? new List<QwenResearchReference>(),
                Usage = Usage,
                EventId = EventId,
                ReceivedAt = ReceivedAt,
                RequestId = RequestId,
                Model = Model,
            };
        }

        public override string ToString() => Text;

        /// <summary>The bytes a base64 text decodes to, from its length and padding.</summary>
        private static int Base64Length(string? data)
        {
            if (string.IsNullOrEmpty(data)) return 0;
            var length = data!.Length;
            var padding = 0;
            while (padding < 2 && length > padding && data[length - 1 - padding] == '=') padding++;
            return length / 4 * 3 + (length % 4 == 0 ? 0 : length % 4 - 1) - padding;
        }
    }
}
