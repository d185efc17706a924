using System.Collections.Generic;

namespace DashScope.Completion
{
    /// <summary>Speech recognition and audio understanding models.</summary>
    public sealed class AudioModelCompleter : SuggestionCompleter
    {
        private static readonly string[] Names =
        {
            "qwen3-asr-flash", "qwen3-asr-flash-latest", "qwen-audio-turbo", "qwen-audio-turbo-latest", "qwen2-audio-instruct",
            "qwen3-omni-30b-a3b-captioner",
        };

        protected override IReadOnlyList<string> Suggestions => Names;
    }
}
