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

        public override string ToString() => Text;
    }
}
