using System;
using System.Collections.Generic;

namespace DashScope.Models
{
    /// <summary>
    /// The answer to one chat call, and the conversation so far: pipe it back into Invoke-QwenChat to continue.
    /// </summary>
    public sealed class QwenChatResult
    {
        /// <summary>The answer text.</summary>
        public string Text { get; set; } = string.Empty;

        /// <summary>The model's reasoning, shown apart from the answer (thinking models).</summary>
        public string? Reasoning { get; set; }

        /// <summary>stop, length, tool_calls; null when the call did not finish.</summary>
        public string? FinishReason { get; set; }

        public QwenUsage? Usage { get; set; }

        public string? RequestId { get; set; }

        public string Model { get; set; } = string.Empty;

        /// <summary>
        /// Every answer the call asked for (-Choices), the first being the one in Text, Reasoning and ToolCalls; one
        /// choice otherwise.
        /// </summary>
        public IList<QwenChatChoice> Choices { get; set; } = new List<QwenChatChoice>();

        /// <summary>-LogProbabilities: each token of the (first) answer with its log-probability and alternatives; empty otherwise.</summary>
        public IList<QwenLogProbability> LogProbabilities { get; set; } = new List<QwenLogProbability>();

        /// <summary>-EnableCodeInterpreter: the code the model ran and what came of it; empty otherwise.</summary>
        public IList<QwenCodeRun> CodeRuns { get; set; } = new List<QwenCodeRun>();

        /// <summary>Function calls the model asked for.</summary>
        public IList<QwenToolCall> ToolCalls { get; set; } = new List<QwenToolCall>();

        /// <summary>The whole conversation, this answer included, ready to be continued.</summary>
        public IList<QwenChatMessage> History { get; set; } = new List<QwenChatMessage>();

        /// <summary>The prompt this result answers (the input item, for pipelines of many prompts).</summary>
        public string? Prompt { get; set; }

        /// <summary>True when the answer was received as a stream.</summary>
        public bool Streamed { get; set; }

        /// <summary>False when the call broke before the service finished (partial text).</summary>
        public bool Completed { get; set; }

        /// <summary>Time from sending to the last byte.</summary>
        public TimeSpan Duration { get; set; }

        /// <summary>OCR models: the ocr_result the service sent (kv_result, words_info), as plain values; null otherwise.</summary>
        public IDictionary<string, object?>? OcrResult { get; set; }

        /// <summary>Annotations of the answer, e.g. audio_info (language, emotion) from speech recognition; null when none.</summary>
        public IList<IDictionary<string, object?>>? Annotations { get; set; }

        /// <summary>Web search (-EnableSearch): the pages the answer is based on; empty without search.</summary>
        public IList<QwenSearchResult> SearchResults { get; set; } = new List<QwenSearchResult>();

        /// <summary>Web search: extra plugin results (e.g. a stock quote); empty when none.</summary>
        public IList<QwenSearchToolInfo> SearchToolInfo { get; set; } = new List<QwenSearchToolInfo>();

        /// <summary>Deep research (qwen-deep-research): plan, research rounds and references; null for other models.</summary>
        public QwenResearch? Research { get; set; }

        /// <summary>Omni models asked for speech (-Modality Text,Audio): the WAV file the spoken answer was saved to; null otherwise.</summary>
        public QwenChatAudio? Audio { get; set; }

        /// <summary>Tools run by Invoke-QwenChat for this answer (-Tool with -InvokeTool Confirm or Auto), in order.</summary>
        public IList<QwenToolRun> ToolRuns { get; set; } = new List<QwenToolRun>();

        public override string ToString() => Text;
    }
}
