namespace DashScope.Models
{
    /// <summary>One ranked document.</summary>
    public sealed class QwenRerankItem
    {
        /// <summary>Position of the document in the request.</summary>
        public int Index { get; set; }

        public double RelevanceScore { get; set; }

        /// <summary>The document's text (returned by the service, or taken from the request when it did not return it).</summary>
        public string? Document { get; set; }

        public override string ToString() => Index + ": " + RelevanceScore.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);
    }
}
