namespace DashScope.Completion
{
    /// <summary>Rerank models.</summary>
    public sealed class RerankModelCompleter : CatalogModelCompleter
    {
        public RerankModelCompleter()
            : base("rerank")
        {
        }
    }
}
