using System;
using System.Collections.Generic;

namespace DashScope.Models
{
    /// <summary>The answer of a rerank call: documents by relevance, most relevant first.</summary>
    public sealed class QwenRerankResult
    {
        public string? Model { get; set; }

        public string? Query { get; set; }

        public IReadOnlyList<QwenRerankItem> Results { get; set; } = Array.Empty<QwenRerankItem>();

        public QwenUsage? Usage { get; set; }

        public string? RequestId { get; set; }

        public override string ToString() => Results.Count + " ranked documents" + (Model == null ? string.Empty : " (" + Model + ")");
    }
}
