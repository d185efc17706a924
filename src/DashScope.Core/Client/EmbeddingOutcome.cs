using DashScope.Models;

namespace DashScope.Client
{
    /// <summary>What became of one text of an embedding call: its embedding, or why it has none.</summary>
    public readonly struct EmbeddingOutcome
    {
        public EmbeddingOutcome(QwenEmbedding embedding)
        {
            Embedding = embedding;
            Error = null;
        }

        public EmbeddingOutcome(DashScopeException error)
        {
            Embedding = null;
            Error = error;
        }

        public QwenEmbedding? Embedding { get; }

        public DashScopeException? Error { get; }
    }
}
