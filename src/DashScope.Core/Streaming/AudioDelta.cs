namespace DashScope.Streaming
{
    /// <summary>
    /// A piece of spoken output (OpenAI-compatible delta.audio / message.audio of omni models): base64 audio data, the
    /// words spoken in it, the audio's id and when it expires.
    /// </summary>
    public sealed class AudioDelta
    {
        /// <summary>Base64 audio bytes (a stream sends them piece by piece); null when the event has none.</summary>
        public string? Data { get; set; }

        /// <summary>The text of the speech in this piece.</summary>
        public string? Transcript { get; set; }

        public string? Id { get; set; }

        /// <summary>Unix seconds after which the audio is gone from the service.</summary>
        public long? ExpiresAt { get; set; }
    }
}
