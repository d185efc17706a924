using System.Collections.Generic;
using DashScope.Models;

namespace DashScope.Streaming
{
    /// <summary>What a qwen-deep-research event says besides its text (output.message.phase/status/extra.deep_research).</summary>
    public sealed class ResearchDelta
    {
        public string? Phase { get; set; }
        public string? Status { get; set; }
        public int? ResearchId { get; set; }
        public string? ResearchGoal { get; set; }
        public string? Query { get; set; }
        public List<QwenResearchWebSite>? WebSites { get; set; }
        public Dictionary<string, string>? LearningMap { get; set; }
        public List<QwenResearchReference>? References { get; set; }
    }
}
