namespace DashScope.Cmdlets
{
    /// <summary>A text on one line, cut after <c>max</c> characters, for confirmations, warnings and notes.</summary>
    internal static class TextPreview
    {
        public static string Line(string? text, int max)
        {
            var line = (text ?? string.Empty).Replace("\r", " ").Replace("\n", " ");
            return line.Length > max ? line.Substring(0, max) + "…" : line;
        }
    }
}
