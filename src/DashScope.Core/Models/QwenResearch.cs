using System.Collections.Generic;

namespace DashScope.Models
{
    /// <summary>
    /// What a deep-research call did: the plan, the rounds of web research and the references. When the model only
    /// asked a clarifying question, <see cref="IsQuestion"/> is true: pipe the result back with your reply.
    /// </summary>
    public sealed class QwenResearch
    {
        /// <summary>The research plan text (ResearchPlanning phase).</summary>
        public string Plan { get; set; } = string.Empty;

        public IList<QwenResearchRound> Rounds { get; set; } = new List<QwenResearchRound>();

        /// <summary>References cited by the report.</summary>
        public IList<QwenResearchReference> References { get; set; } = new List<QwenResearchReference>();

        /// <summary>Every phase seen, in order.</summary>
        public IList<string> Phases { get; set; } = new List<string>();

        /// <summary>The last phase and status received.</summary>
        public string? Phase { get; set; }
        public string? Status { get; set; }

        /// <summary>True when the answer is a clarifying question (no research was done yet): reply by piping the result back.</summary>
        public bool IsQuestion { get; set; }

        public override string ToString() => IsQuestion
            ? "clarifying question"
            : Rounds.Count + " research rounds, " + References.Count + " references";
    }
}
