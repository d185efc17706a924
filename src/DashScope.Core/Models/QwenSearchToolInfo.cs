namespace DashScope.Models
{
    /// <summary>Extra information a search plugin returned besides web pages (search_info.extra_tool_info), e.g. a stock quote.</summary>
    public sealed class QwenSearchToolInfo
    {
        /// <summary>The plugin, e.g. stock or weather.</summary>
        public string? Tool { get; set; }

        /// <summary>What the plugin returned, as text.</summary>
        public string? Result { get; set; }

        public override string ToString() => Tool + ": " + Result;
    }
}
