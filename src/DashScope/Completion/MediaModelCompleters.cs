using System.Collections.Generic;

namespace DashScope.Completion
{
    /// <summary>Vision-language models (images and video).</summary>
    public sealed class VisionModelCompleter : ModelNameCompleter
    {
        private static readonly string[] Names =
        {
            "qwen-vl-max-latest", "qwen-vl-max", "qwen-vl-plus-latest", "qwen-vl-plus", "qwen3-vl-plus", "qwen3-vl-flash",
            "qwen3.6-plus", "qwen3.5-plus", "qwen3.5-flash", "qvq-max", "qwen-vl-ocr-latest", "qwen2.5-vl-72b-instruct",
        };

        protected override IReadOnlyList<string> Models => Names;
    }

    /// <summary>Speech recognition and audio understanding models.</summary>
    public sealed class AudioModelCompleter : ModelNameCompleter
    {
        private static readonly string[] Names =
        {
            "qwen3-asr-flash", "qwen3-asr-flash-latest", "qwen-audio-turbo", "qwen-audio-turbo-latest", "qwen2-audio-instruct",
            "qwen3-omni-30b-a3b-captioner",
        };

        protected override IReadOnlyList<string> Models => Names;
    }

    /// <summary>OCR models.</summary>
    public sealed class OcrModelCompleter : ModelNameCompleter
    {
        private static readonly string[] Names =
        {
            "qwen-vl-ocr-latest", "qwen-vl-ocr", "qwen-vl-ocr-2025-04-13", "qwen-vl-ocr-2025-08-28",
        };

        protected override IReadOnlyList<string> Models => Names;
    }

    /// <summary>Language codes speech recognition takes for -Language.</summary>
    public sealed class AsrLanguageCompleter : ModelNameCompleter
    {
        private static readonly string[] Names =
        {
            "zh", "yue", "en", "ja", "ko", "de", "fr", "ru", "pt", "ar", "it", "es", "hi", "id", "th", "tr", "uk", "vi",
        };

        protected override IReadOnlyList<string> Models => Names;
    }
}
