namespace DashScope.Batches
{
    /// <summary>What one input line of a batch came to: its result object, or the error it failed with, or its raw result line.</summary>
    public sealed class BatchLineResult
    {
        /// <summary>The 1-based line of the input file; 0 when the input is not on this machine.</summary>
        public int Line { get; set; }

        public string CustomId { get; set; } = string.Empty;

        /// <summary>
        /// What a synchronous call would have written: a QwenChatResult, a QwenEmbedding (a QwenEmbedding[] for a line of
        /// several texts); null for an error or -Raw.
        /// </summary>
        public object? Value { get; set; }

        /// <summary>Why the line failed, or that it has no result; null when it succeeded.</summary>
        public DashScopeException? Error { get; set; }

        /// <summary>The result line as the service wrote it (raw reading).</summary>
        public string? Raw { get; set; }

        /// <summary>What the line asked: the prompt, the texts to embed, or its custom_id when the input is unknown.</summary>
        public object? Input { get; set; }
    }
}
