namespace DashScope.Models
{
    /// <summary>One web page the model's search found (output.search_info.search_results); cited as [ref_Index] or [Index].</summary>
    public sealed class QwenSearchResult
    {
        /// <summary>The number the answer's citations use.</summary>
        public int Index { get; set; }

        public string? Title { get; set; }

        public string? Url { get; set; }

        /// <summary>The name of the site (the service sends "无" when it has none).</summary>
        public string? SiteName { get; set; }

        /// <summary>The site's icon (favicon) URL; may be empty.</summary>
        public string? Icon { get; set; }

        public override string ToString() => "[" + Index + "] " + Title + " " + Url;
    }
}
