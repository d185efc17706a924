using System.Collections.Generic;

namespace DashScope.Models
{
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
}
