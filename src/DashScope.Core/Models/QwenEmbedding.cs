using System;
using System.Collections.Generic;

namespace DashScope.Models
{
    /// <summary>The embedding of one input text.</summary>
    public sealed class QwenEmbedding
    {
        /// <summary>Position of the text: in the request (text_index), or, from Get-QwenEmbedding, among all its inputs.</summary>
        public int Index { get; set; }

        /// <summary>The text this vector embeds.</summary>
        public string? Text { get; set; }

        /// <summary>The dense vector; empty when only a sparse one was asked for.</summary>
        public float[] Embedding { get; set; } = Array.Empty<float>();

        /// <summary>The length of the dense vector.</summary>
        public int Dimensions => Embedding.Length;

        /// <summary>The sparse vector (output_type sparse or dense&amp;sparse), or null.</summary>
        public IReadOnlyList<QwenSparseValue>? Sparse { get; set; }

        /// <summary>What was given to embed: the text, or the object the text was read from.</summary>
        public object? InputObject { get; set; }

        public string? Model { get; set; }

        /// <summary>The usage of the call that embedded this text (the texts of one call share it).</summary>
        public QwenUsage? Usage { get; set; }

        /// <summary>The request id of that call.</summary>
        public string? RequestId { get; set; }

        public override string ToString() => Index + ": " + Embedding.Length + " dimensions" + (Sparse == null ? string.Empty : ", " + Sparse.Count + " sparse");
    }
}
