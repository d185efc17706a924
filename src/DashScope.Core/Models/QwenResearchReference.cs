namespace DashScope.Models
{
    /// <summary>A reference the deep-research report cites (deep_research.references).</summary>
    public sealed class QwenResearchReference
    {
        /// <summary>The citation number used in the report.</summary>
        public int Index { get; set; }
        public string? Title { get; set; }
        public string? Url { get; set; }
        public string? Description { get; set; }
        public string? Icon { get; set; }

        public override string ToString() => "[" + Index + "] " + Title + " " + Url;
    }
}
