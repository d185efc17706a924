using System.Collections.Generic;

namespace DashScope.Completion
{
    /// <summary>Language names the translation models take (any other name or code is accepted too).</summary>
    public sealed class LanguageCompleter : SuggestionCompleter
    {
        private static readonly string[] Names =
        {
            "auto", "English", "Chinese", "Traditional Chinese", "Cantonese", "Japanese", "Korean", "French", "German", "Spanish",
            "Portuguese", "Italian", "Russian", "Arabic", "Thai", "Vietnamese", "Indonesian", "Malay", "Turkish", "Hindi", "Dutch",
            "Polish", "Ukrainian", "Czech", "Swedish",
        };

        protected override IReadOnlyList<string> Suggestions => Names;
    }
}
