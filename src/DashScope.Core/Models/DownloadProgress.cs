using System;

namespace DashScope.Models
{
    /// <summary>How far a download is: bytes written so far, and the size when the host announced it.</summary>
    public sealed class DownloadProgress
    {
        public DownloadProgress(Uri source, string path, long bytesReceived, long? totalBytes)
        {
            Source = source;
            Path = path;
            BytesReceived = bytesReceived;
            TotalBytes = totalBytes;
        }

        public Uri Source { get; }

        /// <summary>Where the file goes (it appears there only once complete).</summary>
        public string Path { get; }

        public long BytesReceived { get; }

        public long? TotalBytes { get; }

        /// <summary>0-100, or null when the size is unknown.</summary>
        public int? Percent => TotalBytes.HasValue && TotalBytes.Value > 0 ? (int)(BytesReceived * 100 / TotalBytes.Value) : (int?)null;

        public override string ToString() => BytesReceived + (TotalBytes.HasValue ? " of " + TotalBytes.Value : string.Empty) + " bytes";
    }
}
