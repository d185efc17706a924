using System.Collections.Generic;

namespace DashScope.Completion
{
    /// <summary>Language codes speech recognition takes for -Language.</summary>
    public sealed class AsrLanguageCompleter : SuggestionCompleter
    {
        private static readonly string[] Names =
        {
            "zh", "yue", "en", "ja", "ko", "de", "fr", "ru", "pt", "ar", "it", "es", "hi", "id", "th", "tr", "uk", "vi",
        };

        protected override IReadOnlyList<string> Suggestions => Names;
    }
}
