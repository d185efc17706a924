using System.Globalization;

namespace DashScope.Models
{
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
