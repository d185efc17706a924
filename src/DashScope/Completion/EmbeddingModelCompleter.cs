using DashScope.Catalog;

namespace DashScope.Completion
{
    /// <summary>Text embedding models answered at once (not the batch-file family).</summary>
    public sealed class EmbeddingModelCompleter : CatalogModelCompleter
    {
        protected override bool Includes(ModelFamily family) => family.Kind == "embedding" && family.Endpoint == ModelEndpoint.Embedding;
    }
}
