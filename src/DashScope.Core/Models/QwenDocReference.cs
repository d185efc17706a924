namespace DashScope.Models
{
    /// <summary>A knowledge-base passage an application's answer cites (&lt;ref&gt;[n]&lt;/ref&gt; in the text).</summary>
    public sealed class QwenDocReference
    {
        /// <summary>The n of &lt;ref&gt;[n]&lt;/ref&gt;.</summary>
        public string? Index { get; set; }
        public string? Title { get; set; }
        public string? DocId { get; set; }
        public string? DocName { get; set; }
        public string? DocUrl { get; set; }
        public string? Text { get; set; }

        public override string ToString() => "[" + Index + "] " + (Title ?? DocName);
    }
}
