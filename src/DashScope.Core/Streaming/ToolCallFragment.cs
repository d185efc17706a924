namespace DashScope.Streaming
{
    /// <summary>A piece of a streamed tool call; pieces with the same index are concatenated.</summary>
    public sealed class ToolCallFragment
    {
        public int Index { get; set; }
        public string? Id { get; set; }
        public string? Type { get; set; }
        public string? Name { get; set; }
        public string? Arguments { get; set; }
    }
}
