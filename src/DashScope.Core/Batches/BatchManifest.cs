using System;

namespace DashScope.Batches
{
    /// <summary>
    /// What this machine knows of a batch it submitted: where its input is (the results are matched to it, in input
    /// order) and what the lines call. Kept as &lt;batch id&gt;.json in the <see cref="BatchStore"/>.
    /// </summary>
    public sealed class BatchManifest
    {
        public string BatchId { get; set; } = string.Empty;

        /// <summary>The url of the lines: /v1/chat/completions or /v1/embeddings.</summary>
        public string Endpoint { get; set; } = string.Empty;

        /// <summary>The input JSONL file: a copy in the store, or the file the user gave.</summary>
        public string? InputPath { get; set; }

        /// <summary>True when the store holds the input (written by -AsBatch, or copied); false for the user's own file.</summary>
        public bool InputOwned { get; set; }

        public int Lines { get; set; }

        public DateTimeOffset CreatedAt { get; set; }
    }
}
