using System;
using System.Collections.Generic;

namespace DashScope.Models
{
    /// <summary>The embedding of one input text.</summary>
    public sealed class QwenEmbedding
    {
        /// <summary>Position of the text in the request (text_index).</summary>
        public int Index { get; set; }

        /// <summary>The text this vector embeds.</summary>
        public string? Text { get; set; }

        /// <summary>The dense vector; empty when only a sparse one was asked for.</summary>
        public float[] Vector { get; set; } = Array.Empty<float>();

        /// <summary>The sparse vector (output_type sparse or dense&amp;sparse), or null.</summary>
        public IReadOnlyList<QwenSparseValue>? Sparse { get; set; }

        public override string ToString() => Index + ": " + Vector.Length + " dimensions" + (Sparse == null ? string.Empty : ", " + Sparse.Count + " sparse");
    }
}
