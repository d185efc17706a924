using System.Collections.Generic;

namespace DashScope.Completion
{
    /// <summary>Vision-language models (images and video).</summary>
    public sealed class VisionModelCompleter : SuggestionCompleter
    {
        private static readonly string[] Names =
        {
            "qwen-vl-max-latest", "qwen-vl-max", "qwen-vl-plus-latest", "qwen-vl-plus", "qwen3-vl-plus", "qwen3-vl-flash",
            "qwen3.6-plus", "qwen3.5-plus", "qwen3.5-flash", "qvq-max", "qwen-vl-ocr-latest", "qwen2.5-vl-72b-instruct",
        };

        protected override IReadOnlyList<string> Suggestions => Names;
    }
}
