using System;
using System.Collections.Generic;

namespace DashScope.Models
{
    /// <summary>
    /// The answer of a vision model about images or a video, naming the media it was about. Pipe it back into
    /// Invoke-QwenVision with the next question to continue the conversation.
    /// </summary>
    public sealed class QwenVisionResult
    {
        /// <summary>The answer text.</summary>
        public string Text { get; set; } = string.Empty;

        /// <summary>The question this result answers.</summary>
        public string? Prompt { get; set; }

        /// <summary>The file names (or URLs) of the images, frames or video the question was about.</summary>
        public string? File { get; set; }

        /// <summary>Every media argument of the question: full paths of local files, or URLs.</summary>
        public IList<string> Media { get; set; } = new List<string>();

        public string Model { get; set; } = string.Empty;

        /// <summary>Token counts, including image_tokens / video_tokens.</summary>
        public QwenUsage? Usage { get; set; }

        public string? RequestId { get; set; }

        /// <summary>stop or length; null when the call did not finish.</summary>
        public string? FinishReason { get; set; }

        /// <summary>The model's reasoning (thinking models).</summary>
        public string? Reasoning { get; set; }

        /// <summary>The whole conversation, media parts included, ready to be continued.</summary>
        public IList<QwenChatMessage> History { get; set; } = new List<QwenChatMessage>();

        /// <summary>True when the answer was received as a stream.</summary>
        public bool Streamed { get; set; }

        /// <summary>False when the call broke before the service finished.</summary>
        public bool Completed { get; set; }

        /// <summary>Time from sending to the last byte (uploads included).</summary>
        public TimeSpan Duration { get; set; }

        public override string ToString() => Text;
    }
}
