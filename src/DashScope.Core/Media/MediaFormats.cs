using System;
using System.Collections.Generic;
using System.Linq;

namespace DashScope.Media
{
    /// <summary>
    /// The file types each kind of media accepts (by extension) with their MIME types, and the size limits
    /// of the two ways a local file reaches the service.
    /// </summary>
    public static class MediaFormats
    {
        /// <summary>The service refuses a data: URI longer than this (400 BadRequest.TooLarge, "max bytes per data-uri item : 20971520").</summary>
        public const long MaxDataUriLength = 20L * 1024 * 1024;

        /// <summary>With -UploadMode Auto, files whose data: URI stays within this are sent inline; larger ones are uploaded.</summary>
        public const long AutoInlineDataUriLength = 10L * 1024 * 1024;

        /// <summary>The temporary upload's limit (max_file_size_mb of the upload policy: 1024).</summary>
        public const long MaxUploadBytes = 1024L * 1024 * 1024;

        private static readonly Dictionary<string, string> ImageTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".jpe"] = "image/jpeg",
            [".png"] = "image/png", [".bmp"] = "image/bmp", [".dib"] = "image/bmp",
            [".webp"] = "image/webp", [".tif"] = "image/tiff", [".tiff"] = "image/tiff",
            [".heic"] = "image/heic", [".heif"] = "image/heif", [".gif"] = "image/gif",
            [".ico"] = "image/x-icon", [".icns"] = "image/icns", [".jp2"] = "image/jp2", [".sgi"] = "image/sgi",
        };

        private static readonly Dictionary<string, string> VideoTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [".mp4"] = "video/mp4", [".m4v"] = "video/mp4", [".avi"] = "video/x-msvideo", [".mkv"] = "video/x-matroska",
            [".mov"] = "video/quicktime", [".flv"] = "video/x-flv", [".wmv"] = "video/x-ms-wmv", [".webm"] = "video/webm",
            [".mpeg"] = "video/mpeg", [".mpg"] = "video/mpeg", [".3gp"] = "video/3gpp", [".ts"] = "video/mp2t",
        };

        private static readonly Dictionary<string, string> AudioTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [".mp3"] = "audio/mpeg", [".wav"] = "audio/wav", [".aac"] = "audio/aac", [".amr"] = "audio/amr",
            [".flac"] = "audio/flac", [".m4a"] = "audio/mp4", [".ogg"] = "audio/ogg", [".oga"] = "audio/ogg",
            [".opus"] = "audio/opus", [".webm"] = "audio/webm", [".wma"] = "audio/x-ms-wma", [".aiff"] = "audio/aiff",
            [".aif"] = "audio/aiff",
            // Speech recognition also takes the sound track of video containers.
            [".mp4"] = "video/mp4", [".mov"] = "video/quicktime", [".mkv"] = "video/x-matroska", [".avi"] = "video/x-msvideo",
            [".flv"] = "video/x-flv", [".wmv"] = "video/x-ms-wmv", [".mpeg"] = "video/mpeg",
        };

        private static IReadOnlyDictionary<string, string> TypesOf(MediaKind kind)
        {
            switch (kind)
            {
                case MediaKind.Image: return ImageTypes;
                case MediaKind.Video: return VideoTypes;
                default: return AudioTypes;
            }
        }

        /// <summary>The MIME type for a file name of this kind, or null when the extension is not accepted.</summary>
        public static string? MimeTypeOf(MediaKind kind, string fileName)
        {
            var extension = System.IO.Path.GetExtension(fileName ?? string.Empty);
            if (string.IsNullOrEmpty(extension)) return null;
            return TypesOf(kind).TryGetValue(extension, out var mime) ? mime : null;
        }

        /// <summary>The accepted extensions, for messages and help.</summary>
        public static IReadOnlyList<string> Extensions(MediaKind kind) =>
            TypesOf(kind).Keys.OrderBy(extension => extension, StringComparer.Ordinal).ToList();

        /// <summary>Length of the data: URI for a file of this many bytes.</summary>
        public static long DataUriLength(string mimeType, long bytes) =>
            "data:".Length + mimeType.Length + ";base64,".Length + (bytes + 2) / 3 * 4;

        /// <summary>The largest file that still fits in a data: URI.</summary>
        public static long MaxInlineBytes(string mimeType) =>
            (MaxDataUriLength - ("data:".Length + mimeType.Length + ";base64,".Length)) / 4 * 3;

        /// <summary>lower-case "image", "video", "audio".</summary>
        public static string Noun(MediaKind kind) => kind.ToString().ToLowerInvariant();
    }
}
