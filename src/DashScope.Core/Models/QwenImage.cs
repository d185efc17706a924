using System;

namespace DashScope.Models
{
    /// <summary>One generated picture: where the service keeps it (24 hours), where it was saved, and the prompt that made it.</summary>
    public sealed class QwenImage
    {
        /// <summary>1-based position among the pictures of its request.</summary>
        public int Index { get; set; }

        /// <summary>The picture on the service's result host; it expires (24 hours for tasks).</summary>
        public Uri? Url { get; set; }

        /// <summary>The full path of the saved file, when it was downloaded.</summary>
        public string? Path { get; set; }

        /// <summary>The prompt that made it: the service's extended prompt when prompt extension rewrote it, else the prompt sent.</summary>
        public string Prompt { get; set; } = string.Empty;

        /// <summary>The prompt as it was sent.</summary>
        public string? OriginalPrompt { get; set; }

        public string Model { get; set; } = string.Empty;

        /// <summary>The task that made it (task families), or null.</summary>
        public string? TaskId { get; set; }

        public string? RequestId { get; set; }

        /// <summary>The picture's size when the service says it (qwen-image), e.g. 1328.</summary>
        public int? Width { get; set; }

        public int? Height { get; set; }

        /// <summary>The request's usage (image_count; width and height for qwen-image).</summary>
        public QwenUsage? Usage { get; set; }

        public override string ToString() => Path ?? Url?.ToString() ?? string.Empty;
    }
}
