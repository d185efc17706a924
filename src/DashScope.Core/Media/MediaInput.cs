using System;
using System.Globalization;
using System.IO;

namespace DashScope.Media
{
    /// <summary>
    /// One media argument, classified and checked before anything is sent: an http(s) URL, an oss:// URL,
    /// a data: URI, or a local file (which must exist, be a file, have an extension this kind accepts and
    /// fit the limit of the way it will be sent).
    /// </summary>
    public sealed class MediaInput
    {
        private MediaInput(MediaKind kind, MediaLocation location, string value)
        {
            Kind = kind;
            Location = location;
            Value = value;
        }

        public MediaKind Kind { get; }

        public MediaLocation Location { get; }

        /// <summary>The URL, or the full path of a local file.</summary>
        public string Value { get; }

        /// <summary>Local files: the size in bytes.</summary>
        public long Length { get; private set; }

        /// <summary>Local files: the MIME type from the extension.</summary>
        public string? MimeType { get; private set; }

        public bool IsLocalFile => Location == MediaLocation.File;

        /// <summary>The file name, or the URL (a data: URI shortened).</summary>
        public string DisplayName
        {
            get
            {
                if (Location == MediaLocation.File) return Path.GetFileName(Value);
                if (Location == MediaLocation.DataUri)
                {
                    var comma = Value.IndexOf(',');
                    return (comma > 0 ? Value.Substring(0, comma + 1) : "data:") + "...";
                }
                return Value;
            }
        }

        /// <summary>True when the text is a URL (http, https, oss or data) rather than a path.</summary>
        public static bool IsUrl(string value) => LocationOfUrl(value).HasValue;

        /// <summary>
        /// True when the text looks like a URL of a scheme the service cannot read (ftp://, s3://, ...):
        /// it must not be taken for a relative path.
        /// </summary>
        public static bool IsOtherUrl(string value)
        {
            if (string.IsNullOrEmpty(value)) return false;
            var colon = value.IndexOf("://", StringComparison.Ordinal);
            if (colon < 2) return false; // C:// or relative paths
            for (var i = 0; i < colon; i++)
            {
                var c = value[i];
                if (!(char.IsLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) return false;
            }
            return !IsUrl(value) && !value.StartsWith("file://", StringComparison.OrdinalIgnoreCase);
        }

        private static MediaLocation? LocationOfUrl(string value)
        {
            if (string.IsNullOrEmpty(value)) return null;
            if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) return MediaLocation.Http;
            if (value.StartsWith("oss://", StringComparison.OrdinalIgnoreCase)) return MediaLocation.Oss;
            if (value.StartsWith("data:", StringComparison.OrdinalIgnoreCase)) return MediaLocation.DataUri;
            return null;
        }

        /// <summary>A URL given as is (http, https, oss, data). Throws for anything else.</summary>
        public static MediaInput FromUrl(MediaKind kind, string url)
        {
            var location = LocationOfUrl(url ?? string.Empty);
            if (location == null)
                throw Invalid("'" + url + "' is not an http(s), oss:// or data: URL.");
            if (location == MediaLocation.Http && !Uri.TryCreate(url, UriKind.Absolute, out _))
                throw Invalid("'" + url + "' is not a valid URL.");
            if (location == MediaLocation.Oss && url!.Length <= "oss://".Length)
                throw Invalid("'" + url + "' is not a valid oss:// URL.");
            if (location == MediaLocation.DataUri)
            {
                if (url!.IndexOf(";base64,", StringComparison.OrdinalIgnoreCase) < 0)
                    throw Invalid("The data: URI for the " + MediaFormats.Noun(kind) + " must be base64 encoded (data:<type>;base64,...).");
                if (url.Length > MediaFormats.MaxDataUriLength)
                    throw Invalid(string.Format(CultureInfo.InvariantCulture,
                        "The data: URI for the {0} is {1} long; the service takes at most {2} per data: URI. Pass the file's path instead: it is uploaded.",
                        MediaFormats.Noun(kind), Size(url.Length), Size(MediaFormats.MaxDataUriLength)));
            }
            return new MediaInput(kind, location.Value, url!);
        }

        /// <summary>A local file (a full path), checked against the kind's types and the limit of <paramref name="mode"/>.</summary>
        public static MediaInput FromFile(MediaKind kind, string fullPath, UploadMode mode)
        {
            var noun = MediaFormats.Noun(kind);
            if (string.IsNullOrWhiteSpace(fullPath)) throw Invalid("No " + noun + " file was given.");
            if (Directory.Exists(fullPath))
                throw Invalid("'" + fullPath + "' is a directory, not " + Article(noun) + " file. Pass files, e.g. Get-ChildItem -File *.jpg.");
            var info = new FileInfo(fullPath);
            if (!info.Exists) throw Invalid("The " + noun + " file '" + fullPath + "' does not exist.");
            var mime = MediaFormats.MimeTypeOf(kind, info.Name);
            if (mime == null)
            {
                var extension = string.IsNullOrEmpty(info.Extension) ? "no extension" : info.Extension;
                throw Invalid("'" + info.Name + "' (" + extension + ") is not a supported " + noun + " file. Supported: " +
                              string.Join(", ", MediaFormats.Extensions(kind)) + ".");
            }
            if (info.Length == 0) throw Invalid("The " + noun + " file '" + fullPath + "' is empty.");

            var inlineLength = MediaFormats.DataUriLength(mime, info.Length);
            if (mode == UploadMode.Inline && inlineLength > MediaFormats.MaxDataUriLength)
                throw Invalid(string.Format(CultureInfo.InvariantCulture,
                    "'{0}' is {1}: too large to send inline (a data: URI holds at most {2} of file). Use -UploadMode Upload or Auto.",
                    info.Name, Size(info.Length), Size(MediaFormats.MaxInlineBytes(mime))));
            if (mode != UploadMode.Inline && info.Length > MediaFormats.MaxUploadBytes)
                throw Invalid(string.Format(CultureInfo.InvariantCulture,
                    "'{0}' is {1}: too large; the temporary upload takes files up to {2}.",
                    info.Name, Size(info.Length), Size(MediaFormats.MaxUploadBytes)));

            return new MediaInput(kind, MediaLocation.File, info.FullName) { Length = info.Length, MimeType = mime };
        }

        /// <summary>Whether this local file is sent inline (a data: URI) under <paramref name="mode"/>.</summary>
        public bool SendsInline(UploadMode mode)
        {
            if (!IsLocalFile) return false;
            switch (mode)
            {
                case UploadMode.Inline: return true;
                case UploadMode.Upload: return false;
                default: return MediaFormats.DataUriLength(MimeType!, Length) <= MediaFormats.AutoInlineDataUriLength;
            }
        }

        /// <summary>The file as a data: URI.</summary>
        public string ToDataUri()
        {
            if (!IsLocalFile) throw new InvalidOperationException("Only local files are turned into data: URIs.");
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(Value);
            }
            catch (Exception failure) when (failure is IOException || failure is UnauthorizedAccessException)
            {
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "Could not read '" + Value + "': " + failure.Message, failure);
            }
            return "data:" + MimeType + ";base64," + Convert.ToBase64String(bytes);
        }

        public override string ToString() => DisplayName;

        internal static string Size(long bytes)
        {
            if (bytes < 1024) return bytes.ToString(CultureInfo.InvariantCulture) + " bytes";
            if (bytes < 1024 * 1024) return (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KiB";
            return (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB";
        }

        private static string Article(string noun) => noun.StartsWith("i", StringComparison.Ordinal) || noun.StartsWith("a", StringComparison.Ordinal) ? "an " + noun : "a " + noun;

        private static DashScopeException Invalid(string message) => new DashScopeException(DashScopeErrorKind.InvalidInput, message);
    }
}
