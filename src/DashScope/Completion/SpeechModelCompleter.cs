using DashScope.Catalog;

namespace DashScope.Completion
{
    /// <summary>Speech synthesis models (Qwen-TTS, CosyVoice).</summary>
    public sealed class SpeechModelCompleter : CatalogModelCompleter
    {
        protected override bool Includes(ModelFamily family) => family.Kind == "speech";
    }
}
