using System.Collections.Generic;
using System.Text.Json;
using DashScope.Json;
using DashScope.Models;

namespace DashScope.Streaming
{
    /// <summary>Reads the deep-research details of one output.message (phase, status, research round, references).</summary>
    internal static class ResearchDecoder
    {
        /// <summary>output.message of qwen-deep-research: phase, status and extra.deep_research.</summary>
        public static ResearchDelta Read(JsonElement message)
        {
            var delta = new ResearchDelta
            {
                Phase = message.GetStringOrNull("phase"),
                Status = message.GetStringOrNull("status"),
            };
            if (!message.TryGet("extra", out var extra) || !extra.TryGet("deep_research", out var research)) return delta;
            if (research.TryGet("research", out var round) && round.ValueKind == JsonValueKind.Object)
            {
                delta.ResearchId = round.GetIntOrNull("id");
                delta.ResearchGoal = round.GetStringOrNull("researchGoal");
                delta.Query = round.GetStringOrNull("query");
                if (round.TryGet("webSites", out var sites) && sites.ValueKind == JsonValueKind.Array)
                {
                    delta.WebSites = new List<QwenResearchWebSite>();
                    foreach (var site in sites.EnumerateArray())
                    {
                        if (site.ValueKind != JsonValueKind.Object) continue;
                        delta.WebSites.Add(new QwenResearchWebSite
                        {
                            Title = site.GetStringOrNull("title"),
                            Description = site.GetStringOrNull("description"),
                            Url = site.GetStringOrNull("url"),
                            Favicon = site.GetStringOrNull("favicon"),
                        });
                    }
                }
                if (round.TryGet("learningMap", out var map) && map.ValueKind == JsonValueKind.Object)
                {
                    delta.LearningMap = new Dictionary<string, string>();
                    foreach (var entry in map.EnumerateObject())
                    {
                        delta.LearningMap[entry.Name] = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString() ?? string.Empty : entry.Value.GetRawText();
                    }
                }
            }
            if (research.TryGet("references", out var references) && references.ValueKind == JsonValueKind.Array)
            {
                delta.References = new List<QwenResearchReference>();
                var position = 0;
                foreach (var reference in references.EnumerateArray())
                {
                    position++;
                    if (reference.ValueKind != JsonValueKind.Object) continue;
                    delta.References.Add(new QwenResearchReference
                    {
                        Index = reference.GetIntOrNull("index_number") ?? reference.GetIntOrNull("index") ?? position,
                        Title = reference.GetStringOrNull("title"),
                        Url = reference.GetStringOrNull("url"),
                        Description = reference.GetStringOrNull("description"),
                        Icon = reference.GetStringOrNull("icon"),
                    });
                }
            }
            return delta;
        }
    }
}
