using DashScope.Catalog;

namespace DashScope.Completion
{
    /// <summary>Rerank models.</summary>
    public sealed class RerankModelCompleter : CatalogModelCompleter
    {
        protected override bool Includes(ModelFamily family) => family.Kind == "rerank";
    }
}
