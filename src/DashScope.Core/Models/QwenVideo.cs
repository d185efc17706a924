using System;

namespace DashScope.Models
{
    /// <summary>One generated video: where the service keeps it (24 hours), where it was saved, and the prompt that made it.</summary>
    public sealed class QwenVideo
    {
        /// <summary>The video on the service's result host (24 hours).</summary>
        public Uri? Url { get; set; }

        /// <summary>The full path of the saved file, when it was downloaded.</summary>
        public string? Path { get; set; }

        /// <summary>The prompt that made it: the service's extended prompt when prompt extension rewrote it, else the prompt sent.</summary>
        public string Prompt { get; set; } = string.Empty;

        /// <summary>The prompt as it was sent.</summary>
        public string? OriginalPrompt { get; set; }

        /// <summary>The first frame (image-to-video), as given.</summary>
        public string? Image { get; set; }

        public string Model { get; set; } = string.Empty;

        public string TaskId { get; set; } = string.Empty;

        public string? RequestId { get; set; }

        /// <summary>The video's length in seconds, as billed.</summary>
        public double? Seconds { get; set; }

        public QwenUsage? Usage { get; set; }

        public override string ToString() => Path ?? Url?.ToString() ?? TaskId;
    }
}
