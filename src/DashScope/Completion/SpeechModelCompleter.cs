namespace DashScope.Completion
{
    /// <summary>Speech synthesis models (Qwen-TTS, CosyVoice).</summary>
    public sealed class SpeechModelCompleter : CatalogModelCompleter
    {
        public SpeechModelCompleter()
            : base("speech")
        {
        }
    }
}
