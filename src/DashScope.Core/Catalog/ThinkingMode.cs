namespace DashScope.Catalog
{
    /// <summary>Whether a model family reasons before it answers.</summary>
    public enum ThinkingMode
    {
        /// <summary>Never.</summary>
        None,
        /// <summary>On request (enable_thinking); some families think unless told not to (ModelFamily.ThinkingByDefault).</summary>
        Hybrid,
        /// <summary>Always (QwQ, QVQ): thinking cannot be turned off.</summary>
        Always,
    }
}
