using System;

namespace DashScope.Models
{
    /// <summary>A result file saved to disk.</summary>
    public sealed class QwenDownload
    {
        public Uri Source { get; set; } = null!;

        /// <summary>The full path of the saved file.</summary>
        public string Path { get; set; } = string.Empty;

        public long Length { get; set; }

        public string? ContentType { get; set; }

        public override string ToString() => Path;
    }
}
