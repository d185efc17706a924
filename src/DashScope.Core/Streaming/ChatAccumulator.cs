using System;
using System.Collections.Generic;
using System.Text;
using DashScope.Models;

namespace DashScope.Streaming
{
    /// <summary>
    /// Builds the full answer from incremental chunks: text and reasoning appended, tool-call
    /// fragments merged by index (first non-empty id/type/name kept, arguments concatenated),
    /// the last non-empty usage kept, the first request id kept.
    /// </summary>
    internal sealed class ChatAccumulator
    {
        private readonly StringBuilder _text = new StringBuilder();
        private StringBuilder? _reasoning;
        private SortedDictionary<int, ToolCallBuilder>? _toolCalls;

        public string? RequestId { get; private set; }
        public string? FinishReason { get; private set; }
        /// <summary>The last non-empty usage (cumulative in streams), read only when asked for.</summary>
        public QwenUsage? Usage => _usageChunk?.Usage;

        private GenerationChunk? _usageChunk;
        public int ChunkCount { get; private set; }
        public int TextLength => _text.Length;

        /// <summary>The last ocr_result received (OCR models).</summary>
        public IDictionary<string, object?>? OcrResult { get; private set; }

        /// <summary>The last non-empty message annotations received (speech recognition: audio_info).</summary>
        public List<IDictionary<string, object?>>? Annotations { get; private set; }

        /// <summary>The first non-empty search results (later stream events repeat empty arrays).</summary>
        public List<QwenSearchResult>? SearchResults { get; private set; }

        public List<QwenSearchToolInfo>? SearchToolInfo { get; private set; }

        private ResearchAccumulator? _research;

        public void Add(GenerationChunk chunk)
        {
            ChunkCount++;
            if (RequestId == null && !string.IsNullOrEmpty(chunk.RequestId)) RequestId = chunk.RequestId;
            var answerText = chunk.Research == null || (_research ??= new ResearchAccumulator()).Add(chunk.Research, chunk.Text);
            if (answerText && !string.IsNullOrEmpty(chunk.Text)) _text.Append(chunk.Text);
            if (SearchResults == null && chunk.SearchResults != null) SearchResults = chunk.SearchResults;
            if (SearchToolInfo == null && chunk.SearchToolInfo != null) SearchToolInfo = chunk.SearchToolInfo;
            if (!string.IsNullOrEmpty(chunk.Reasoning))
            {
                if (_reasoning == null) _reasoning = new StringBuilder();
                _reasoning.Append(chunk.Reasoning);
            }
            if (chunk.FinishReason != null) FinishReason = chunk.FinishReason;
            if (chunk.OcrResult != null) OcrResult = chunk.OcrResult;
            if (chunk.Annotations != null && chunk.Annotations.Count > 0) Annotations = chunk.Annotations;
            if (chunk.HasUsage) _usageChunk = chunk;
            if (chunk.ToolCalls != null)
            {
                if (_toolCalls == null) _toolCalls = new SortedDictionary<int, ToolCallBuilder>();
                foreach (var fragment in chunk.ToolCalls)
                {
                    if (!_toolCalls.TryGetValue(fragment.Index, out var builder))
                    {
                        builder = new ToolCallBuilder(fragment.Index);
                        _toolCalls.Add(fragment.Index, builder);
                    }
                    builder.Add(fragment);
                }
            }
        }

        /// <summary>
        /// The result so far. <paramref name="conversation"/> is the request's messages; the answer is appended
        /// to a copy of it as the assistant message.
        /// </summary>
        public QwenChatResult ToResult(string model, IReadOnlyList<QwenChatMessage> conversation, bool completed)
        {
            var toolCalls = new List<QwenToolCall>();
            if (_toolCalls != null)
            {
                foreach (var builder in _toolCalls.Values) toolCalls.Add(builder.Build());
            }

            var answer = new QwenChatMessage("assistant", _text.ToString())
            {
                ReasoningContent = _reasoning?.ToString(),
                ToolCalls = toolCalls.Count == 0 ? null : toolCalls,
            };
            var history = new List<QwenChatMessage>(conversation.Count + 1);
            foreach (var message in conversation) history.Add(message);
            history.Add(answer);

            return new QwenChatResult
            {
                Text = answer.Content ?? string.Empty,
                Reasoning = answer.ReasoningContent,
                FinishReason = FinishReason,
                Usage = Usage,
                RequestId = RequestId,
                Model = model,
                ToolCalls = toolCalls,
                History = history,
                Completed = completed,
                OcrResult = OcrResult,
                Annotations = Annotations,
                SearchResults = SearchResults == null ? new List<QwenSearchResult>() : new List<QwenSearchResult>(SearchResults),
                SearchToolInfo = SearchToolInfo == null ? new List<QwenSearchToolInfo>() : new List<QwenSearchToolInfo>(SearchToolInfo),
                Research = _research?.ToResearch(),
            };
        }

        private sealed class ToolCallBuilder
        {
            private readonly int _index;
            private readonly StringBuilder _arguments = new StringBuilder();
            private string? _id;
            private string? _type;
            private string? _name;

            public ToolCallBuilder(int index)
            {
                _index = index;
            }

            public void Add(ToolCallFragment fragment)
            {
                if (string.IsNullOrEmpty(_id) && !string.IsNullOrEmpty(fragment.Id)) _id = fragment.Id;
                if (string.IsNullOrEmpty(_type) && !string.IsNullOrEmpty(fragment.Type)) _type = fragment.Type;
                if (string.IsNullOrEmpty(_name) && !string.IsNullOrEmpty(fragment.Name)) _name = fragment.Name;
                if (fragment.Arguments != null) _arguments.Append(fragment.Arguments);
            }

            public QwenToolCall Build() => new QwenToolCall
            {
                Index = _index,
                Id = _id,
                Type = string.IsNullOrEmpty(_type) ? "function" : _type!,
                Name = _name,
                Arguments = _arguments.ToString(),
            };
        }
    }
}
