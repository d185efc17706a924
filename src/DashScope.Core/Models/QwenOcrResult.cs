using System;
using System.Collections.Generic;
using System.Globalization;

namespace DashScope.Models
{
    /// <summary>
    /// What an OCR model read from one image: the text (HTML for tables, LaTeX for documents and formulas),
    /// and per task the extracted fields (key information extraction) or the words with their positions
    /// (advanced recognition).
    /// </summary>
    public sealed class QwenOcrResult
    {
        /// <summary>The file name (or URL) of the image.</summary>
        public string? File { get; set; }

        /// <summary>The built-in task (TextRecognition, KeyInformationExtraction, ...); null for a free prompt.</summary>
        public string? Task { get; set; }

        /// <summary>The text the model wrote.</summary>
        public string Text { get; set; } = string.Empty;

        /// <summary>Key information extraction: the fields, shaped like the schema (kv_result); null otherwise.</summary>
        public IDictionary<string, object?>? Fields { get; set; }

        /// <summary>Advanced recognition: each word with its location (words_info).</summary>
        public IList<QwenOcrWord> Words { get; set; } = new List<QwenOcrWord>();

        public string Model { get; set; } = string.Empty;

        public QwenUsage? Usage { get; set; }

        public string? RequestId { get; set; }

        /// <summary>The full path of the local file, or the URL.</summary>
        public string? Path { get; set; }

        /// <summary>The ocr_result as the service sent it (plain values).</summary>
        public IDictionary<string, object?>? Raw { get; set; }

        /// <summary>Time from sending to the last byte (upload included).</summary>
        public TimeSpan Duration { get; set; }

        public override string ToString() => Text;
    }

    /// <summary>One word found by advanced recognition.</summary>
    public sealed class QwenOcrWord
    {
        public string Text { get; set; } = string.Empty;

        /// <summary>The four corners in original-image pixels, clockwise from the top left.</summary>
        public IList<QwenPoint> Location { get; set; } = new List<QwenPoint>();

        /// <summary>The rotated rectangle: centre, size and angle.</summary>
        public QwenRotatedRect? RotateRect { get; set; }

        /// <summary>The file name (or URL) of the image the word is in.</summary>
        public string? File { get; set; }

        public override string ToString() => Text;
    }

    /// <summary>A point in image pixels.</summary>
    public sealed class QwenPoint
    {
        public QwenPoint(double x, double y)
        {
            X = x;
            Y = y;
        }

        public double X { get; }
        public double Y { get; }

        public override string ToString() => "(" + X.ToString(CultureInfo.InvariantCulture) + "," + Y.ToString(CultureInfo.InvariantCulture) + ")";
    }

    /// <summary>A rectangle turned by an angle (rotate_rect: [centre x, centre y, width, height, angle]).</summary>
    public sealed class QwenRotatedRect
    {
        public double CenterX { get; set; }
        public double CenterY { get; set; }
        public double Width { get; set; }
        public double Height { get; set; }

        /// <summary>Degrees.</summary>
        public double Angle { get; set; }

        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "({0},{1}) {2}x{3} {4}°", CenterX, CenterY, Width, Height, Angle);
    }
}
