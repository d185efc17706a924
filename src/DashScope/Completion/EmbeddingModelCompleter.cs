using DashScope.Catalog;

namespace DashScope.Completion
{
    /// <summary>Text embedding models answered at once (not the batch-file family).</summary>
    public sealed class EmbeddingModelCompleter : CatalogModelCompleter
    {
        public EmbeddingModelCompleter()
            : base("embedding", family => family.Endpoint == ModelEndpoint.Embedding)
        {
        }
    }
}
