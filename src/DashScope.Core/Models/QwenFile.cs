using System;

namespace DashScope.Models
{
    /// <summary>A file stored with DashScope (compatible-mode files API), e.g. a document for qwen-long (fileid://Id).</summary>
    public sealed class QwenFile
    {
        /// <summary>The file id, e.g. file-fe-5d5eb068893f4b5e8551ada4; use it as fileid://Id or with -Document.</summary>
        public string Id { get; set; } = string.Empty;

        public string? FileName { get; set; }

        /// <summary>Size in bytes.</summary>
        public long? Bytes { get; set; }

        /// <summary>file-extract for documents.</summary>
        public string? Purpose { get; set; }

        /// <summary>processed once the service has read it.</summary>
        public string? Status { get; set; }

        public DateTimeOffset? CreatedAt { get; set; }

        /// <summary>The fileid:// reference a system message uses.</summary>
        public string FileIdUri => "fileid://" + Id;

        public override string ToString() => Id;
    }
}
