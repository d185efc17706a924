using System.Collections.Generic;
using System.Text.Json;
using DashScope.Json;
using DashScope.Models;

namespace DashScope.Streaming
{
    /// <summary>Decodes output.search_info of a generation payload: the pages a web search used, and plugin results.</summary>
    internal static class SearchInfoDecoder
    {
        /// <summary>output.search_info: keeps only non-empty arrays, so later stream events cannot erase the first one's results.</summary>
        public static void Read(JsonElement output, GenerationChunk chunk)
        {
            if (!output.TryGet("search_info", out var info) || info.ValueKind != JsonValueKind.Object) return;
            if (info.TryGet("search_results", out var results) && results.ValueKind == JsonValueKind.Array && results.GetArrayLength() > 0)
            {
                var list = new List<QwenSearchResult>();
                var position = 0;
                foreach (var item in results.EnumerateArray())
                {
                    position++;
                    if (item.ValueKind != JsonValueKind.Object) continue;
                    list.Add(new QwenSearchResult
                    {
                        Index = item.GetIntOrNull("index") ?? position,
                        Title = item.GetStringOrNull("title"),
                        Url = item.GetStringOrNull("url"),
                        SiteName = item.GetStringOrNull("site_name"),
                        Icon = item.GetStringOrNull("icon"),
                    });
                }
                if (list.Count > 0) chunk.SearchResults = list;
            }
            if (info.TryGet("extra_tool_info", out var tools) && tools.ValueKind == JsonValueKind.Array && tools.GetArrayLength() > 0)
            {
                var list = new List<QwenSearchToolInfo>();
                foreach (var item in tools.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Object) continue;
                    list.Add(new QwenSearchToolInfo { Tool = item.GetStringOrNull("tool"), Result = item.GetStringOrNull("result") });
                }
                if (list.Count > 0) chunk.SearchToolInfo = list;
            }
        }
    }
}
