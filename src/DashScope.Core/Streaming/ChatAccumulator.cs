using System.Collections.Generic;
using System.Text;
using DashScope.Models;

namespace DashScope.Streaming
{
    /// <summary>
    /// Builds the full answer from incremental chunks, per choice: text and reasoning appended, tool-call fragments
    /// merged by index (first non-empty id/type/name kept, arguments concatenated), log-probabilities in order. Across
    /// the call: the last non-empty usage (each choice's, output tokens summed when there are several), the first
    /// request id, search results, code runs, OCR results and annotations.
    /// </summary>
    internal sealed class ChatAccumulator
    {
        private readonly ChoiceAccumulator _first = new ChoiceAccumulator(0);
        private SortedDictionary<int, ChoiceAccumulator>? _others;
        // The last usage of the first choice (of the whole answer, when it comes in one piece), and of each further
        // streamed choice: choices may take turns or come one after the other.
        private GenerationChunk? _usageChunk;
        private Dictionary<int, GenerationChunk>? _usageByChoice;
        private ResearchAccumulator? _research;
        private List<QwenCodeRun>? _codeRuns;

        public string? RequestId { get; private set; }

        /// <summary>The first choice's finish reason.</summary>
        public string? FinishReason => _first.FinishReason;

        /// <summary>The last non-empty usage (cumulative in streams), read only when asked for.</summary>
        public QwenUsage? Usage => _usageByChoice == null ? _usageChunk?.Usage : SummedUsage();

        public int ChunkCount { get; private set; }
        public int TextLength => _first.TextLength;

        /// <summary>The last ocr_result received (OCR models).</summary>
        public IDictionary<string, object?>? OcrResult { get; private set; }

        /// <summary>The last non-empty message annotations received (speech recognition: audio_info).</summary>
        public List<IDictionary<string, object?>>? Annotations { get; private set; }

        /// <summary>The first non-empty search results (later stream events repeat empty arrays).</summary>
        public List<QwenSearchResult>? SearchResults { get; private set; }

        public List<QwenSearchToolInfo>? SearchToolInfo { get; private set; }

        /// <summary>
        /// Adds one payload. Returns the code runs it reported for the first time (every later event of a
        /// code-interpreter stream repeats them), or null.
        /// </summary>
        public List<QwenCodeRun>? Add(GenerationChunk chunk)
        {
            ChunkCount++;
            if (RequestId == null && !string.IsNullOrEmpty(chunk.RequestId)) RequestId = chunk.RequestId;
            var answerText = chunk.Research == null || (_research ??= new ResearchAccumulator()).Add(chunk.Research, chunk.Text);
            Choice(chunk.ChoiceIndex).Add(chunk, answerText);
            if (chunk.MoreChoices != null)
            {
                foreach (var more in chunk.MoreChoices) Choice(more.ChoiceIndex).Add(more, true);
            }
            if (SearchResults == null && chunk.SearchResults != null) SearchResults = chunk.SearchResults;
            if (SearchToolInfo == null && chunk.SearchToolInfo != null) SearchToolInfo = chunk.SearchToolInfo;
            if (chunk.OcrResult != null) OcrResult = chunk.OcrResult;
            if (chunk.Annotations != null && chunk.Annotations.Count > 0) Annotations = chunk.Annotations;
            if (chunk.HasUsage)
            {
                if (chunk.ChoiceIndex == 0) _usageChunk = chunk;
                else (_usageByChoice ??= new Dictionary<int, GenerationChunk>())[chunk.ChoiceIndex] = chunk;
            }
            return chunk.CodeRuns == null ? null : NewCodeRuns(chunk.CodeRuns);
        }

        /// <summary>
        /// The result so far. <paramref name="conversation"/> is the request's messages; the first choice's answer is
        /// appended to a copy of it as the assistant message.
        /// </summary>
        public QwenChatResult ToResult(string model, IReadOnlyList<QwenChatMessage> conversation, bool completed)
        {
            var choices = new List<QwenChatChoice> { _first.ToChoice() };
            if (_others != null)
            {
                foreach (var other in _others.Values) choices.Add(other.ToChoice());
            }
            var first = choices[0];
            var answer = new QwenChatMessage("assistant", first.Text)
            {
                ReasoningContent = first.Reasoning,
                ToolCalls = first.ToolCalls.Count == 0 ? null : first.ToolCalls,
            };
            var history = new List<QwenChatMessage>(conversation.Count + 1);
            foreach (var message in conversation) history.Add(message);
            history.Add(answer);

            return new QwenChatResult
            {
                Text = first.Text,
                Reasoning = first.Reasoning,
                FinishReason = first.FinishReason,
                Usage = Usage,
                RequestId = RequestId,
                Model = model,
                ToolCalls = first.ToolCalls,
                Choices = choices,
                LogProbabilities = first.LogProbabilities,
                History = history,
                Completed = completed,
                OcrResult = OcrResult,
                Annotations = Annotations,
                SearchResults = SearchResults == null ? new List<QwenSearchResult>() : new List<QwenSearchResult>(SearchResults),
                SearchToolInfo = SearchToolInfo == null ? new List<QwenSearchToolInfo>() : new List<QwenSearchToolInfo>(SearchToolInfo),
                CodeRuns = _codeRuns == null ? new List<QwenCodeRun>() : new List<QwenCodeRun>(_codeRuns),
                Research = _research?.ToResearch(),
            };
        }

        private ChoiceAccumulator Choice(int index)
        {
            if (index == 0) return _first;
            _others ??= new SortedDictionary<int, ChoiceAccumulator>();
            if (!_others.TryGetValue(index, out var choice)) _others.Add(index, choice = new ChoiceAccumulator(index));
            return choice;
        }

        private List<QwenCodeRun>? NewCodeRuns(List<QwenCodeRun> runs)
        {
            List<QwenCodeRun>? added = null;
            foreach (var run in runs)
            {
                _codeRuns ??= new List<QwenCodeRun>();
                if (_codeRuns.Exists(known => known.Type == run.Type && known.Code == run.Code && known.Result == run.Result)) continue;
                _codeRuns.Add(run);
                (added ??= new List<QwenCodeRun>()).Add(run);
            }
            return added;
        }

        /// <summary>Streams with several choices report each choice's usage: the input once, the outputs added up.</summary>
        private QwenUsage? SummedUsage()
        {
            QwenUsage? sum = null;
            var chunks = new List<GenerationChunk>(_usageByChoice!.Count + 1);
            if (_usageChunk != null) chunks.Add(_usageChunk);
            chunks.AddRange(_usageByChoice.Values);
            foreach (var chunk in chunks)
            {
                var usage = chunk.Usage;
                if (usage == null) continue;
                if (sum == null)
                {
                    sum = new QwenUsage { InputTokens = usage.InputTokens, CachedTokens = usage.CachedTokens, Details = usage.Details, OutputTokens = 0 };
                }
                sum.OutputTokens += usage.OutputTokens ?? 0;
                if (usage.ReasoningTokens.HasValue) sum.ReasoningTokens = (sum.ReasoningTokens ?? 0) + usage.ReasoningTokens;
            }
            if (sum != null) sum.TotalTokens = (sum.InputTokens ?? 0) + (sum.OutputTokens ?? 0);
            return sum;
        }

        /// <summary>One choice's text, reasoning, tool calls, log-probabilities and finish reason.</summary>
        private sealed class ChoiceAccumulator
        {
            private readonly int _index;
            private readonly StringBuilder _text = new StringBuilder();
            private StringBuilder? _reasoning;
            private SortedDictionary<int, ToolCallBuilder>? _toolCalls;
            private List<QwenLogProbability>? _logProbabilities;

            public ChoiceAccumulator(int index)
            {
                _index = index;
            }

            public string? FinishReason { get; private set; }

            public int TextLength => _text.Length;

            public void Add(GenerationChunk chunk, bool answerText)
            {
                if (answerText && !string.IsNullOrEmpty(chunk.Text)) _text.Append(chunk.Text);
                if (!string.IsNullOrEmpty(chunk.Reasoning)) (_reasoning ??= new StringBuilder()).Append(chunk.Reasoning);
                if (chunk.FinishReason != null) FinishReason = chunk.FinishReason;
                if (chunk.LogProbabilities != null) (_logProbabilities ??= new List<QwenLogProbability>()).AddRange(chunk.LogProbabilities);
                if (chunk.ToolCalls == null) return;
                _toolCalls ??= new SortedDictionary<int, ToolCallBuilder>();
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

            public QwenChatChoice ToChoice()
            {
                var choice = new QwenChatChoice
                {
                    Index = _index,
                    Text = _text.ToString(),
                    Reasoning = _reasoning?.ToString(),
                    FinishReason = FinishReason,
                    LogProbabilities = _logProbabilities == null ? new List<QwenLogProbability>() : new List<QwenLogProbability>(_logProbabilities),
                };
                if (_toolCalls != null)
                {
                    foreach (var builder in _toolCalls.Values) choice.ToolCalls.Add(builder.Build());
                }
                return choice;
            }
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
