using System;

namespace DashScope.Models
{
    /// <summary>The spoken answer of an omni model, saved as a WAV file (16-bit mono PCM).</summary>
    public sealed class QwenChatAudio
    {
        /// <summary>The full path of the WAV file.</summary>
        public string Path { get; set; } = string.Empty;

        /// <summary>How long the speech plays.</summary>
        public TimeSpan Duration { get; set; }

        /// <summary>The bytes of PCM audio received (the file is 44 bytes longer: the WAV header).</summary>
        public long Bytes { get; set; }

        /// <summary>Samples per second (24,000 for the omni models).</summary>
        public int SampleRate { get; set; }

        /// <summary>The voice that spoke: the one asked for, else the model's default from the catalog.</summary>
        public string? Voice { get; set; }

        /// <summary>The id the service gave the audio.</summary>
        public string? Id { get; set; }

        /// <summary>When the service forgets the audio (it is already saved here).</summary>
        public DateTimeOffset? ExpiresAt { get; set; }

        public override string ToString() => Path;
    }
}
