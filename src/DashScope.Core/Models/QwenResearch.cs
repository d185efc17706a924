using System;
using System.Collections.Generic;

namespace DashScope.Models
{
    /// <summary>
    /// One streamed event of a qwen-deep-research call: the phase (ResearchPlanning, WebResearch, answer, KeepAlive),
    /// the status (typing, streamingQueries, streamingWebResult, WebResultFinished, finished) and what it brought.
    /// </summary>
    public sealed class QwenResearchRecord
    {
        /// <summary>ResearchPlanning, WebResearch, answer or KeepAlive.</summary>
        public string? Phase { get; set; }

        /// <summary>typing, streamingQueries, streamingWebResult, WebResultFinished or finished.</summary>
        public string? Status { get; set; }

        /// <summary>The new text of this event (plan or report), a delta.</summary>
        public string Text { get; set; } = string.Empty;

        /// <summary>The research round (research.id) this event belongs to.</summary>
        public int? ResearchId { get; set; }

        /// <summary>A piece of the round's research goal (streamingQueries).</summary>
        public string? ResearchGoal { get; set; }

        /// <summary>A search query of the round (streamingQueries).</summary>
        public string? Query { get; set; }

        /// <summary>Web sites found in this event (streamingWebResult).</summary>
        public IList<QwenResearchWebSite> WebSites { get; set; } = new List<QwenResearchWebSite>();

        /// <summary>Pieces of what was learned, keyed by position (research.learningMap).</summary>
        public IDictionary<string, string>? LearningMap { get; set; }

        /// <summary>References cited by the report (answer phase).</summary>
        public IList<QwenResearchReference> References { get; set; } = new List<QwenResearchReference>();

        public QwenUsage? Usage { get; set; }

        public string? EventId { get; set; }

        public DateTimeOffset ReceivedAt { get; set; }

        public string? RequestId { get; set; }

        public string Model { get; set; } = string.Empty;

        /// <summary>A short line saying what is happening, e.g. "WebResearch: searching 'AI in education'".</summary>
        public string Activity
        {
            get
            {
                switch (Status)
                {
                    case "streamingQueries":
                        if (!string.IsNullOrEmpty(Query)) return "searching: " + Query;
                        return string.IsNullOrEmpty(ResearchGoal) ? "planning the searches" : "research goal: " + ResearchGoal;
                    case "streamingWebResult":
                        return WebSites.Count > 0 ? "found " + WebSites.Count + " web sites" : "reading web results";
                    case "WebResultFinished":
                        return "research round " + ResearchId + " done";
                    case "finished":
                        return Phase + " finished";
                }
                if (Phase == "KeepAlive") return "preparing the next step";
                if (Phase == "ResearchPlanning") return "writing the research plan";
                if (Phase == "answer") return "writing the answer";
                return Phase + " " + Status;
            }
        }

        public override string ToString() => Text.Length > 0 ? Text : "[" + Phase + "] " + Activity;
    }

    /// <summary>A web site deep research found (research.webSites).</summary>
    public sealed class QwenResearchWebSite
    {
        public string? Title { get; set; }
        public string? Description { get; set; }
        public string? Url { get; set; }
        public string? Favicon { get; set; }

        public override string ToString() => Title + " " + Url;
    }

    /// <summary>A reference the deep-research report cites (deep_research.references).</summary>
    public sealed class QwenResearchReference
    {
        /// <summary>The citation number used in the report.</summary>
        public int Index { get; set; }
        public string? Title { get; set; }
        public string? Url { get; set; }
        public string? Description { get; set; }
        public string? Icon { get; set; }

        public override string ToString() => "[" + Index + "] " + Title + " " + Url;
    }

    /// <summary>One round of web research: its goal, queries, the sites found and what was learned.</summary>
    public sealed class QwenResearchRound
    {
        public int Id { get; set; }
        public string Goal { get; set; } = string.Empty;
        public IList<string> Queries { get; set; } = new List<string>();
        public IList<QwenResearchWebSite> WebSites { get; set; } = new List<QwenResearchWebSite>();
        public string Learned { get; set; } = string.Empty;
        public bool Finished { get; set; }

        public override string ToString() => "#" + Id + " " + Goal + " (" + WebSites.Count + " sites)";
    }

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
