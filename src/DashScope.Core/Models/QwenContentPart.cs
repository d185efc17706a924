using System.Collections.Generic;
using System.Globalization;

namespace DashScope.Models
{
    /// <summary>
    /// One part of a multimodal message: text, an image, a video (a file or an ordered list of frames) or
    /// an audio clip, with the per-part options the service takes. Media are given as URLs the service can
    /// read: http(s), oss:// (temporary upload) or a data: URI.
    /// </summary>
    public sealed class QwenContentPart
    {
        public const string TextType = "text";
        public const string ImageType = "image";
        public const string VideoType = "video";
        public const string AudioType = "audio";

        /// <summary>Documents by URL for qwen-doc-turbo (doc_url), read by the service from the web.</summary>
        public const string DocumentUrlType = "doc_url";

        /// <summary>text, image, video or audio.</summary>
        public string Type { get; set; } = TextType;

        /// <summary>The text of a text part.</summary>
        public string? Text { get; set; }

        /// <summary>The URL of an image, audio clip or video file (http(s), oss:// or data:).</summary>
        public string? Url { get; set; }

        /// <summary>A video given as an ordered list of frame image URLs.</summary>
        public IList<string>? Frames { get; set; }

        /// <summary>Documents by URL: the URLs (doc_url).</summary>
        public IList<string>? DocumentUrls { get; set; }

        /// <summary>Documents by URL: how the service parses them (file_parsing_strategy, e.g. auto).</summary>
        public string? FileParsingStrategy { get; set; }

        /// <summary>What the user gave for this part (a local path or a URL); not sent.</summary>
        public string? Source { get; set; }

        /// <summary>Images: the smallest pixel count the image is scaled up to.</summary>
        public int? MinPixels { get; set; }

        /// <summary>Images: the largest pixel count the image is scaled down to.</summary>
        public int? MaxPixels { get; set; }

        /// <summary>Images: let the service straighten a rotated image (OCR).</summary>
        public bool? EnableRotate { get; set; }

        /// <summary>Videos: frames per second sampled from a file, or the nominal rate of a frame list.</summary>
        public double? Fps { get; set; }

        public static QwenContentPart FromText(string? text) => new QwenContentPart { Type = TextType, Text = text ?? string.Empty };

        public static QwenContentPart Image(string url, string? source = null) => new QwenContentPart { Type = ImageType, Url = url, Source = source };

        public static QwenContentPart Audio(string url, string? source = null) => new QwenContentPart { Type = AudioType, Url = url, Source = source };

        public static QwenContentPart Video(string url, string? source = null) => new QwenContentPart { Type = VideoType, Url = url, Source = source };

        public static QwenContentPart VideoFrames(IList<string> frames) => new QwenContentPart { Type = VideoType, Frames = frames };

        /// <summary>Documents the service reads from these URLs (qwen-doc-turbo).</summary>
        public static QwenContentPart Documents(IList<string> urls, string? parsingStrategy = "auto") =>
            new QwenContentPart { Type = DocumentUrlType, DocumentUrls = urls, FileParsingStrategy = parsingStrategy };

        /// <summary>True for image, video and audio parts.</summary>
        public bool IsMedia => Type != TextType && Type != DocumentUrlType;

        /// <summary>True for documents by URL, which go to the text endpoint as typed parts.</summary>
        public bool IsDocument => Type == DocumentUrlType;

        /// <summary>Every URL this part sends (one, or each frame).</summary>
        public IEnumerable<string> Urls()
        {
            if (Url != null) yield return Url;
            if (Frames != null)
            {
                foreach (var frame in Frames) yield return frame;
            }
        }

        /// <summary>A copy of this part sending <paramref name="url"/> (a media input resolved to what the service reads).</summary>
        public QwenContentPart WithUrl(string url)
        {
            var copy = Clone();
            copy.Url = url;
            return copy;
        }

        /// <summary>A copy of this video part sending <paramref name="frames"/>.</summary>
        public QwenContentPart WithFrames(IList<string> frames)
        {
            var copy = Clone();
            copy.Frames = frames;
            return copy;
        }

        internal QwenContentPart Clone() => new QwenContentPart
        {
            Type = Type,
            Text = Text,
            Url = Url,
            Frames = Frames == null ? null : new List<string>(Frames),
            DocumentUrls = DocumentUrls == null ? null : new List<string>(DocumentUrls),
            FileParsingStrategy = FileParsingStrategy,
            Source = Source,
            MinPixels = MinPixels,
            MaxPixels = MaxPixels,
            EnableRotate = EnableRotate,
            Fps = Fps,
        };

        public override string ToString()
        {
            if (Type == TextType) return Text ?? string.Empty;
            if (IsDocument) return "[documents " + string.Join(", ", DocumentUrls ?? new string[0]) + "]";
            var what = Source ?? Url ?? (Frames == null ? string.Empty : Frames.Count.ToString(CultureInfo.InvariantCulture) + " frames");
            if (what.StartsWith("data:", System.StringComparison.Ordinal)) what = what.Substring(0, System.Math.Min(what.Length, 40)) + "...";
            return "[" + Type + " " + what + "]";
        }
    }
}
