using System;
using System.IO;
using System.Linq;
using DashScope.Catalog;
using DashScope.Client;
using DashScope.Media;

namespace DashScope.Conversations
{
    /// <summary>
    /// A file or URL attached to the next question of a console conversation: media go as content parts, as
    /// Invoke-QwenVision and ConvertFrom-QwenAudio send them (URLs as given, local files inline or through the temporary
    /// upload); documents are uploaded with the files API and referred to as fileid://, as Invoke-QwenChat -Document does.
    /// </summary>
    public sealed class ChatAttachment
    {
        /// <summary>The model a conversation switches to when its model cannot read images or videos (Invoke-QwenVision's default).</summary>
        public const string VisionModel = "qwen-vl-max-latest";

        /// <summary>The model for questions about audio when the conversation's model cannot hear (ConvertFrom-QwenAudio's choice for questions).</summary>
        public const string AudioModel = "qwen-audio-turbo";

        /// <summary>The model for documents when the conversation's model cannot read fileid:// references.</summary>
        public const string DocumentModel = "qwen-long";

        private ChatAttachment(ChatAttachmentKind kind, string source, MediaInput? media)
        {
            Kind = kind;
            Source = source;
            Media = media;
        }

        public ChatAttachmentKind Kind { get; }

        /// <summary>What was given: the full path of a local file, or a URL.</summary>
        public string Source { get; }

        /// <summary>Images, videos and audio: the checked media input.</summary>
        public MediaInput? Media { get; }

        /// <summary>
        /// What the service reads once the attachment was sent: the media URL (data:, oss:// or as given) or the file id
        /// of an uploaded document. Kept so that asking again does not upload again.
        /// </summary>
        public string? Resolved { get; set; }

        /// <summary>True when <see cref="Resolved"/> is a document this conversation uploaded (so it may remove it).</summary>
        public bool Uploaded { get; set; }

        /// <summary>The file name, or the URL.</summary>
        public string DisplayName => Media?.DisplayName ?? Path.GetFileName(Source);

        /// <summary>
        /// Checks a local file (a full path) or a URL and decides by its extension what it is. Throws an InvalidInput
        /// error for a missing file, a type no model reads, a document given as a URL, or a file over the limits.
        /// </summary>
        public static ChatAttachment From(string source, UploadMode mode)
        {
            if (string.IsNullOrWhiteSpace(source)) throw Invalid("Give the path or URL of the file to attach: /file ./photo.jpg.");
            var isUrl = MediaInput.IsUrl(source);
            var kind = KindOf(isUrl ? UrlPath(source) : source);
            if (kind == null)
            {
                if (isUrl && source.StartsWith("data:", StringComparison.OrdinalIgnoreCase)) kind = KindOfDataUri(source);
                if (kind == null)
                    throw Invalid("'" + source + "' is not a file type a model reads. Attach an image (" + Join(MediaKind.Image) + "), a video (" +
                                  Join(MediaKind.Video) + "), audio (" + Join(MediaKind.Audio) + ") or a document (" +
                                  string.Join(" ", FilesClient.DocumentExtensions) + ").");
            }
            if (kind == ChatAttachmentKind.Document)
            {
                if (isUrl) throw Invalid("Documents are uploaded from local files; '" + source + "' is a URL. Download it first, then /file the local copy.");
                if (!File.Exists(source)) throw Invalid("The document '" + source + "' does not exist.");
                FilesClient.EnsureDocument(source);
                return new ChatAttachment(ChatAttachmentKind.Document, source, null);
            }
            var mediaKind = kind == ChatAttachmentKind.Image ? MediaKind.Image : kind == ChatAttachmentKind.Video ? MediaKind.Video : MediaKind.Audio;
            var media = isUrl ? MediaInput.FromUrl(mediaKind, source) : MediaInput.FromFile(mediaKind, source, mode);
            return new ChatAttachment(kind.Value, media.Value, media);
        }

        /// <summary>What a file is by its extension (video before audio: .mp4 is both), or null when no model reads it.</summary>
        public static ChatAttachmentKind? KindOf(string fileName)
        {
            if (MediaFormats.MimeTypeOf(MediaKind.Image, fileName) != null) return ChatAttachmentKind.Image;
            if (MediaFormats.MimeTypeOf(MediaKind.Video, fileName) != null) return ChatAttachmentKind.Video;
            if (MediaFormats.MimeTypeOf(MediaKind.Audio, fileName) != null) return ChatAttachmentKind.Audio;
            var extension = Path.GetExtension(fileName ?? string.Empty);
            if (FilesClient.DocumentExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase)) return ChatAttachmentKind.Document;
            return null;
        }

        /// <summary>True when a model of <paramref name="family"/> reads this kind of attachment.</summary>
        public bool SuitsModel(ModelFamily family) =>
            Kind == ChatAttachmentKind.Document ? family.Documents : family.Takes(InputName(Kind));

        /// <summary>The model to switch to when the conversation's model does not suit the attachment.</summary>
        public string FallbackModel =>
            Kind == ChatAttachmentKind.Document ? DocumentModel : Kind == ChatAttachmentKind.Audio ? AudioModel : VisionModel;

        public override string ToString() => "[" + Kind.ToString().ToLowerInvariant() + " " + DisplayName + "]";

        private static string InputName(ChatAttachmentKind kind) => kind.ToString().ToLowerInvariant();

        private static string UrlPath(string url)
        {
            if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase)) return string.Empty;
            var end = url.IndexOfAny(new[] { '?', '#' });
            return end < 0 ? url : url.Substring(0, end);
        }

        private static ChatAttachmentKind? KindOfDataUri(string uri)
        {
            if (uri.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase)) return ChatAttachmentKind.Image;
            if (uri.StartsWith("data:video/", StringComparison.OrdinalIgnoreCase)) return ChatAttachmentKind.Video;
            if (uri.StartsWith("data:audio/", StringComparison.OrdinalIgnoreCase)) return ChatAttachmentKind.Audio;
            return null;
        }

        private static string Join(MediaKind kind) => string.Join(" ", MediaFormats.Extensions(kind));

        private static DashScopeException Invalid(string message) => new DashScopeException(DashScopeErrorKind.InvalidInput, message);
    }
}
