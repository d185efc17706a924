namespace DashScope.Requests
{
    /// <summary>What embedded texts are, for asymmetric retrieval: short queries, or the documents they search (text_type).</summary>
    public enum EmbeddingTextType
    {
        Query,
        Document,
    }
}
