namespace DashScope.Models
{
    /// <summary>One non-zero dimension of a sparse embedding: the token's dimension, weight and text.</summary>
    public sealed class QwenSparseValue
    {
        public int Index { get; set; }

        public float Value { get; set; }

        public string? Token { get; set; }

        public override string ToString() => Index + "=" + Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + (Token == null ? string.Empty : " (" + Token + ")");
    }
}
