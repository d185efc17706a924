using System.Collections.Generic;

namespace DashScope.Models
{
    /// <summary>One of the answers of a call that asked for several (-Choices); the first is also the result's Text.</summary>
    public sealed class QwenChatChoice
    {
        /// <summary>0 for the first answer.</summary>
        public int Index { get; set; }

        public string Text { get; set; } = string.Empty;

        public string? Reasoning { get; set; }

        /// <summary>stop, length or tool_calls; null when the call did not finish.</summary>
        public string? FinishReason { get; set; }

        public IList<QwenToolCall> ToolCalls { get; set; } = new List<QwenToolCall>();

        /// <summary>-LogProbabilities: each token of the answer with its log-probability and the top alternatives; empty otherwise.</summary>
        public IList<QwenLogProbability> LogProbabilities { get; set; } = new List<QwenLogProbability>();

        public override string ToString() => Text;
    }
}
