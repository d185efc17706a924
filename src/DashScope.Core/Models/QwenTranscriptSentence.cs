using System;

namespace DashScope.Models
{
    /// <summary>One sentence of a file transcription: when it was said, by whom (with diarization), and the text.</summary>
    public sealed class QwenTranscriptSentence
    {
        public TimeSpan Begin { get; set; }

        public TimeSpan End { get; set; }

        public string Text { get; set; } = string.Empty;

        /// <summary>The speaker, from 0 (with -Diarize), else null.</summary>
        public int? Speaker { get; set; }

        /// <summary>The audio channel the sentence is on.</summary>
        public int Channel { get; set; }

        /// <summary>The emotion the model heard (qwen3-asr-flash-filetrans), else null.</summary>
        public string? Emotion { get; set; }

        public override string ToString() => Begin.ToString(@"hh\:mm\:ss") + " " + (Speaker.HasValue ? "[" + Speaker.Value + "] " : string.Empty) + Text;
    }
}
