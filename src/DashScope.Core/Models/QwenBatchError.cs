namespace DashScope.Models
{
    /// <summary>Why a batch failed validation: the code, message and parameter the service names, and the input line.</summary>
    public sealed class QwenBatchError
    {
        public string? Code { get; set; }
        public string? Message { get; set; }
        public string? Param { get; set; }

        /// <summary>The 1-based line of the input file.</summary>
        public int? Line { get; set; }

        public override string ToString() => (Line.HasValue ? "line " + Line + ": " : string.Empty) + Code + ": " + Message;
    }
}
