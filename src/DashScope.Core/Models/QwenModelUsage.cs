namespace DashScope.Models
{
    /// <summary>The tokens one model used while an application answered (usage.models).</summary>
    public sealed class QwenModelUsage
    {
        public string? Model { get; set; }
        public int? InputTokens { get; set; }
        public int? OutputTokens { get; set; }

        public override string ToString() => Model + ": in " + InputTokens + ", out " + OutputTokens;
    }
}
