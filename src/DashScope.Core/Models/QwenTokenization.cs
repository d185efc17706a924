using System;
using System.Collections.Generic;

namespace DashScope.Models
{
    /// <summary>How a model splits a text or conversation into tokens (an estimate; free of charge).</summary>
    public sealed class QwenTokenization
    {
        public string? Model { get; set; }

        /// <summary>The text measured (null for a conversation).</summary>
        public string? Text { get; set; }

        public int[] TokenIds { get; set; } = Array.Empty<int>();

        public IReadOnlyList<string> Tokens { get; set; } = Array.Empty<string>();

        /// <summary>usage.input_tokens, or the number of token ids when the service sent no usage.</summary>
        public int Count { get; set; }

        public QwenUsage? Usage { get; set; }

        public string? RequestId { get; set; }

        public override string ToString() => Count + " tokens" + (Model == null ? string.Empty : " (" + Model + ")");
    }
}
