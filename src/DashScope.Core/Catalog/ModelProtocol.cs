namespace DashScope.Catalog
{
    /// <summary>The wire protocol a model family speaks.</summary>
    public enum ModelProtocol
    {
        /// <summary>DashScope's own protocol (input/parameters, SSE with id and event lines).</summary>
        Native,
        /// <summary>The OpenAI-compatible protocol (/compatible-mode/v1).</summary>
        Compatible,
    }
}
