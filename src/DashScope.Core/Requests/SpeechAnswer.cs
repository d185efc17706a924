using System;
using DashScope.Models;

namespace DashScope.Requests
{
    /// <summary>
    /// What a speech synthesis answer (or one event of its stream) says: a piece of audio (base64 in audio.data), the
    /// URL of the whole audio, whether it is finished, and the characters billed.
    /// </summary>
    public sealed class SpeechAnswer
    {
        /// <summary>The audio bytes of this answer or event (empty when it carried none).</summary>
        public byte[] Data { get; set; } = Array.Empty<byte>();

        public Uri? Url { get; set; }

        /// <summary>audio.id, e.g. audio_d8ab01f8-….</summary>
        public string? AudioId { get; set; }

        /// <summary>finish_reason is stop.</summary>
        public bool Finished { get; set; }

        public int? Characters { get; set; }

        public QwenUsage? Usage { get; set; }

        public string? RequestId { get; set; }
    }
}
