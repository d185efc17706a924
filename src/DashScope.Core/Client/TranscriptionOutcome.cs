using DashScope.Models;

namespace DashScope.Client
{
    /// <summary>What became of one file of a transcription task: its transcript, or why it has none.</summary>
    public readonly struct TranscriptionOutcome
    {
        public TranscriptionOutcome(string fileUrl, QwenTranscript transcript)
        {
            FileUrl = fileUrl;
            Transcript = transcript;
            Error = null;
        }

        public TranscriptionOutcome(string fileUrl, DashScopeException error)
        {
            FileUrl = fileUrl;
            Transcript = null;
            Error = error;
        }

        /// <summary>The file as the task named it (the URL sent).</summary>
        public string FileUrl { get; }

        public QwenTranscript? Transcript { get; }

        public DashScopeException? Error { get; }
    }
}
