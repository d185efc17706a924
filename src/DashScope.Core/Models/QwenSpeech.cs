using System;

namespace DashScope.Models
{
    /// <summary>Speech made from a text and saved as an audio file.</summary>
    public sealed class QwenSpeech
    {
        /// <summary>The full path of the audio file.</summary>
        public string Path { get; set; } = string.Empty;

        /// <summary>The characters billed (qwen3-tts counts a CJK character as 2).</summary>
        public int? Characters { get; set; }

        /// <summary>The text spoken.</summary>
        public string Text { get; set; } = string.Empty;

        public string Model { get; set; } = string.Empty;

        public string? Voice { get; set; }

        /// <summary>wav, mp3 or pcm.</summary>
        public string Format { get; set; } = "wav";

        /// <summary>The size of the file in bytes.</summary>
        public long Length { get; set; }

        /// <summary>The audio on the service's result host (24 hours), when the answer named one.</summary>
        public Uri? Url { get; set; }

        public QwenUsage? Usage { get; set; }

        public string? RequestId { get; set; }

        /// <summary>True when the audio was written while it arrived (-Stream).</summary>
        public bool Streamed { get; set; }

        public override string ToString() => Path;
    }
}
