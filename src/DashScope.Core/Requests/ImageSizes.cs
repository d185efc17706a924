using System.Text.RegularExpressions;

namespace DashScope.Requests
{
    /// <summary>Picture and video sizes as the service takes them: "W*H" in pixels.</summary>
    public static class ImageSizes
    {
        private static readonly Regex Pattern = new Regex(@"^\s*(\d{2,5})\s*[*xX×]\s*(\d{2,5})\s*$", RegexOptions.CultureInvariant);

        /// <summary>"1024*1024" for 1024*1024, 1024x1024 or 1024×1024; null when the text is not a size.</summary>
        public static string? Normalize(string? size)
        {
            if (size == null) return null;
            var match = Pattern.Match(size);
            return match.Success ? match.Groups[1].Value + "*" + match.Groups[2].Value : null;
        }

        /// <summary>Throws an InvalidInput exception unless <paramref name="size"/> is null or a size.</summary>
        internal static void Check(string? size)
        {
            if (size != null && Normalize(size) != size)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "The size must be width*height in pixels, e.g. 1024*1024, not '" + size + "'.");
        }
    }
}
