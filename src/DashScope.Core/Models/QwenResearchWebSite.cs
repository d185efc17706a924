namespace DashScope.Models
{
    /// <summary>A web site deep research found (research.webSites).</summary>
    public sealed class QwenResearchWebSite
    {
        public string? Title { get; set; }
        public string? Description { get; set; }
        public string? Url { get; set; }
        public string? Favicon { get; set; }

        public override string ToString() => Title + " " + Url;
    }
}
