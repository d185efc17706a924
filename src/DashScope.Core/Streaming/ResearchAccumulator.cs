using System.Collections.Generic;
using System.Text;
using DashScope.Models;

namespace DashScope.Streaming
{
    /// <summary>
    /// Accumulates a deep-research stream: the plan text, the research rounds (goal fragments concatenated,
    /// queries, sites and learning pieces), the references; only the answer phase's text is the answer.
    /// </summary>
    internal sealed class ResearchAccumulator
    {
        private readonly StringBuilder _plan = new StringBuilder();
        private readonly SortedDictionary<int, RoundBuilder> _rounds = new SortedDictionary<int, RoundBuilder>();
        private readonly Dictionary<string, QwenResearchReference> _references = new Dictionary<string, QwenResearchReference>();
        private readonly List<string> _phases = new List<string>();
        private string? _phase;
        private string? _status;

        /// <summary>True when the chunk's text belongs to the answer (the answer phase); plan text is kept apart.</summary>
        public bool Add(ResearchDelta delta, string? text)
        {
            if (!string.IsNullOrEmpty(delta.Phase))
            {
                if (_phases.Count == 0 || _phases[_phases.Count - 1] != delta.Phase)
                {
                    if (delta.Phase != "KeepAlive") _phases.Add(delta.Phase!);
                }
                if (delta.Phase != "KeepAlive") _phase = delta.Phase;
            }
            if (!string.IsNullOrEmpty(delta.Status) && delta.Phase != "KeepAlive") _status = delta.Status;

            if (delta.ResearchId.HasValue)
            {
                if (!_rounds.TryGetValue(delta.ResearchId.Value, out var round))
                {
                    round = new RoundBuilder(delta.ResearchId.Value);
                    _rounds.Add(delta.ResearchId.Value, round);
                }
                if (!string.IsNullOrEmpty(delta.ResearchGoal)) round.Goal.Append(delta.ResearchGoal);
                if (!string.IsNullOrEmpty(delta.Query) && !round.Queries.Contains(delta.Query!)) round.Queries.Add(delta.Query!);
                if (delta.WebSites != null)
                {
                    foreach (var site in delta.WebSites)
                    {
                        if (!round.WebSites.Exists(known => known.Url == site.Url && known.Title == site.Title)) round.WebSites.Add(site);
                    }
                }
                if (delta.LearningMap != null)
                {
                    foreach (var piece in delta.LearningMap)
                    {
                        round.Learned.TryGetValue(piece.Key, out var before);
                        round.Learned[piece.Key] = before + piece.Value;
                    }
                }
                if (delta.Status == "WebResultFinished") round.Finished = true;
            }
            if (delta.References != null)
            {
                foreach (var reference in delta.References)
                {
                    var key = reference.Index + "|" + reference.Url;
                    if (!_references.ContainsKey(key)) _references.Add(key, reference);
                }
            }

            if (delta.Phase == "answer") return true;
            if (delta.Phase == "ResearchPlanning" && !string.IsNullOrEmpty(text)) _plan.Append(text);
            return false;
        }

        public QwenResearch ToResearch()
        {
            var research = new QwenResearch
            {
                Plan = _plan.ToString(),
                Phase = _phase,
                Status = _status,
                Phases = new List<string>(_phases),
                IsQuestion = !_phases.Contains("ResearchPlanning") && !_phases.Contains("WebResearch"),
            };
            foreach (var round in _rounds.Values) research.Rounds.Add(round.Build());
            var references = new List<QwenResearchReference>(_references.Values);
            references.Sort((a, b) => a.Index.CompareTo(b.Index));
            research.References = references;
            return research;
        }

        private sealed class RoundBuilder
        {
            public RoundBuilder(int id)
            {
                Id = id;
            }

            public int Id { get; }
            public StringBuilder Goal { get; } = new StringBuilder();
            public List<string> Queries { get; } = new List<string>();
            public List<QwenResearchWebSite> WebSites { get; } = new List<QwenResearchWebSite>();
            public SortedDictionary<string, string> Learned { get; } = new SortedDictionary<string, string>(new NumericKeyComparer());
            public bool Finished { get; set; }

            public QwenResearchRound Build()
            {
                var learned = new StringBuilder();
                foreach (var piece in Learned.Values) learned.Append(piece);
                return new QwenResearchRound
                {
                    Id = Id,
                    Goal = Goal.ToString(),
                    Queries = new List<string>(Queries),
                    WebSites = new List<QwenResearchWebSite>(WebSites),
                    Learned = learned.ToString(),
                    Finished = Finished,
                };
            }
        }

        private sealed class NumericKeyComparer : IComparer<string>
        {
            public int Compare(string? x, string? y)
            {
                if (int.TryParse(x, out var a) && int.TryParse(y, out var b)) return a.CompareTo(b);
                return string.CompareOrdinal(x, y);
            }
        }
    }
}
