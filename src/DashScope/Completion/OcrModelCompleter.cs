using System.Collections.Generic;

namespace DashScope.Completion
{
    /// <summary>OCR models.</summary>
    public sealed class OcrModelCompleter : SuggestionCompleter
    {
        private static readonly string[] Names =
        {
            "qwen-vl-ocr-latest", "qwen-vl-ocr", "qwen-vl-ocr-2025-04-13", "qwen-vl-ocr-2025-08-28",
        };

        protected override IReadOnlyList<string> Suggestions => Names;
    }
}
