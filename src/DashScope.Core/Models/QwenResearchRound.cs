using System.Collections.Generic;

namespace DashScope.Models
{
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
}
