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
}
