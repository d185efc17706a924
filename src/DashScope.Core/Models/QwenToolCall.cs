namespace DashScope.Models
{
    /// <summary>A complete function call the model asked for (stream fragments already merged).</summary>
    public sealed class QwenToolCall
    {
        public int Index { get; set; }
        public string? Id { get; set; }
        public string Type { get; set; } = "function";
        public string? Name { get; set; }

        /// <summary>The arguments as the JSON text the model produced.</summary>
        public string Arguments { get; set; } = string.Empty;

        public override string ToString() => Name + "(" + Arguments + ")";
    }
}
