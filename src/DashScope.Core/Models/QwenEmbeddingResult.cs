using System;
using System.Collections.Generic;

namespace DashScope.Models
{
    /// <summary>The answer of a text-embedding call: one embedding per text, in text order.</summary>
    public sealed class QwenEmbeddingResult
    {
        public string? Model { get; set; }

        public IReadOnlyList<QwenEmbedding> Embeddings { get; set; } = Array.Empty<QwenEmbedding>();

        /// <summary>total_tokens of the call.</summary>
        public QwenUsage? Usage { get; set; }

        public string? RequestId { get; set; }

        public override string ToString() => Embeddings.Count + " embeddings" + (Model == null ? string.Empty : " (" + Model + ")");
    }
}
