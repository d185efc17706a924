using System;
using System.Collections.Generic;
using System.Management.Automation;
using DashScope.Media;

namespace DashScope.Cmdlets
{
    /// <summary>
    /// What a media argument names, as the media cmdlets and Enter-QwenChat's /file read it: a URL the service reads
    /// (http, https, oss, data) as given, or local files: PowerShell paths relative to the current location, file://
    /// URLs, and wildcards that expand to the matching files.
    /// </summary>
    internal static class MediaPaths
    {
        /// <summary>
        /// The URL, or the full paths of the files, <paramref name="value"/> names (relative to the location of
        /// <paramref name="state"/>; <paramref name="literal"/> turns wildcards off); throws an InvalidInput error naming
        /// the <paramref name="noun"/> (image, video, audio, file) otherwise.
        /// </summary>
        public static IList<string> Resolve(SessionState state, string? value, string noun, bool literal)
        {
            if (string.IsNullOrWhiteSpace(value)) throw Invalid("An empty " + noun + " path or URL was given.");
            var text = value!.Trim();
            if (MediaInput.IsUrl(text)) return new[] { text };
            if (text.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
            {
                text = new Uri(text).LocalPath;
                literal = true;
            }
            else if (MediaInput.IsOtherUrl(text))
            {
                throw Invalid("'" + text + "' is a URL the service cannot read. Give an http(s), oss:// or data: URL, or a local path.");
            }

            var paths = new List<string>();
            ProviderInfo provider;
            if (literal || !WildcardPattern.ContainsWildcardCharacters(text))
            {
                paths.Add(state.Path.GetUnresolvedProviderPathFromPSPath(text, out provider, out _));
            }
            else
            {
                try
                {
                    // Directories that match the pattern (an "album.jpg" folder) are not media: skip them.
                    foreach (var match in state.Path.GetResolvedProviderPathFromPSPath(text, out provider))
                    {
                        if (!System.IO.Directory.Exists(match)) paths.Add(match);
                    }
                }
                catch (ItemNotFoundException)
                {
                    provider = null!;
                }
                if (paths.Count == 0)
                {
                    // A name with [ ] is also a wildcard pattern; take it literally when it names a file.
                    var literalPath = state.Path.GetUnresolvedProviderPathFromPSPath(text, out provider, out _);
                    if (!System.IO.File.Exists(literalPath)) throw Invalid("No " + noun + " file matches '" + text + "'.");
                    paths.Add(literalPath);
                }
            }
            if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
                throw Invalid("'" + text + "' is on the " + provider.Name + " drive; give a file system path or a URL.");
            return paths;
        }

        private static DashScopeException Invalid(string message) => new DashScopeException(DashScopeErrorKind.InvalidInput, message);
    }
}
