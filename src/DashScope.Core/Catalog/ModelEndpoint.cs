namespace DashScope.Catalog
{
    /// <summary>Where a model family is served.</summary>
    public enum ModelEndpoint
    {
        /// <summary>services/aigc/text-generation/generation.</summary>
        Text,
        /// <summary>services/aigc/multimodal-generation/generation (content as parts).</summary>
        Multimodal,
        /// <summary>An async task endpoint of its own (image, video, file transcription).</summary>
        Task,
        /// <summary>services/embeddings/text-embedding/text-embedding.</summary>
        Embedding,
        /// <summary>services/rerank/text-rerank/text-rerank.</summary>
        Rerank,
        /// <summary>The speech-synthesis endpoint (CosyVoice).</summary>
        Speech,
    }
}
