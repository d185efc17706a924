using System.Collections.Generic;

namespace DashScope.Requests
{
    /// <summary>translation_options of the qwen-mt models.</summary>
    public sealed class TranslationOptions
    {
        /// <summary>The language of the text by English name or code (English, zh, ...); "auto" detects it.</summary>
        public string SourceLanguage { get; set; } = "auto";

        /// <summary>The language to translate into, by English name or code.</summary>
        public string TargetLanguage { get; set; } = "English";

        /// <summary>Terms to translate a fixed way.</summary>
        public IReadOnlyList<TranslationTerm> Terms { get; set; } = new TranslationTerm[0];

        /// <summary>Translation memory: sentences translated before, to follow.</summary>
        public IReadOnlyList<TranslationTerm> Memory { get; set; } = new TranslationTerm[0];

        /// <summary>A description of the text's domain and style, in English.</summary>
        public string? Domain { get; set; }
    }
}
