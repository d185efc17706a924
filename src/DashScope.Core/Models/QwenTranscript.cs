using System;

namespace DashScope.Models
{
    /// <summary>
    /// What a speech model made of one audio file: the transcript (or, with a question, the answer about the
    /// audio), the detected language and emotion, and the audio's length. Flat, so Export-Csv writes one clean row.
    /// </summary>
    public sealed class QwenTranscript
    {
        /// <summary>The file name (or URL) of the audio.</summary>
        public string? File { get; set; }

        /// <summary>The transcript, or the answer to -Prompt.</summary>
        public string Text { get; set; } = string.Empty;

        /// <summary>The language the model detected (audio_info), e.g. zh or en.</summary>
        public string? Language { get; set; }

        /// <summary>The emotion the model detected (audio_info): neutral, happy, sad, angry, surprised, fearful, disgusted.</summary>
        public string? Emotion { get; set; }

        /// <summary>The audio's duration in seconds, as billed by speech recognition.</summary>
        public double? Seconds { get; set; }

        /// <summary>stop, or length when the answer was cut short (the audio or image held more than the model wrote).</summary>
        public string? FinishReason { get; set; }

        public string? RequestId { get; set; }

        public string Model { get; set; } = string.Empty;

        /// <summary>The full path of the local file, or the URL.</summary>
        public string? Path { get; set; }

        /// <summary>The question asked about the audio (audio understanding); null for a transcript.</summary>
        public string? Prompt { get; set; }

        public QwenUsage? Usage { get; set; }

        /// <summary>Time from sending to the last byte (upload included).</summary>
        public TimeSpan Duration { get; set; }

        public override string ToString() => Text;
    }
}
