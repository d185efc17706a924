using System.Globalization;

namespace DashScope.Models
{
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
}
