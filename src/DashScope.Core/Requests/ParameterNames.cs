using System;
using System.Collections.Generic;

namespace DashScope.Requests
{
    /// <summary>
    /// The request parameters the cmdlets model, by wire name and by the cmdlet parameter that sets each. Extra
    /// parameters given by hand are matched to them whatever their spelling (temperature, Temperature, TopP, top_p),
    /// so a value is sent once, under its wire name.
    /// </summary>
    public static class ParameterNames
    {
        /// <summary>Wire name → the cmdlet parameter that sets it (parameters that set one value each; option objects are left out).</summary>
        public static readonly IReadOnlyDictionary<string, string> Modelled = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["temperature"] = "Temperature",
            ["top_p"] = "TopP",
            ["top_k"] = "TopK",
            ["seed"] = "Seed",
            ["max_tokens"] = "MaxTokens",
            ["stop"] = "Stop",
            ["repetition_penalty"] = "RepetitionPenalty",
            ["presence_penalty"] = "PresencePenalty",
            ["enable_thinking"] = "EnableThinking",
            ["thinking_budget"] = "ThinkingBudget",
            ["reasoning_effort"] = "ReasoningEffort",
            ["n"] = "Choices",
            ["logprobs"] = "LogProbabilities",
            ["top_logprobs"] = "TopLogProbabilities",
            ["enable_code_interpreter"] = "EnableCodeInterpreter",
            ["enable_search"] = "EnableSearch",
            ["search_options"] = "SearchOptions",
            ["tools"] = "Tool",
            ["tool_choice"] = "ToolChoice",
            ["parallel_tool_calls"] = "ParallelToolCalls",
            ["response_format"] = "ResponseFormat",
            ["vl_high_resolution_images"] = "HighResolution",
        };

        private static readonly Dictionary<string, string> BySquashedName = Build();

        /// <summary>The wire name of a modelled parameter however <paramref name="key"/> spells it; other keys unchanged.</summary>
        public static string Canonical(string key) => BySquashedName.TryGetValue(Squash(key), out var wire) ? wire : key;

        /// <summary>The entries with modelled keys renamed to their wire names (a later spelling of the same name wins).</summary>
        public static IReadOnlyDictionary<string, object?> Canonicalize(IEnumerable<KeyValuePair<string, object?>> parameters)
        {
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var pair in parameters) result[Canonical(pair.Key)] = pair.Value;
            return result;
        }

        private static Dictionary<string, string> Build()
        {
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in Modelled)
            {
                names[Squash(pair.Key)] = pair.Key;
                names[Squash(pair.Value)] = pair.Key;
            }
            return names;
        }

        private static string Squash(string name) => name.Replace("_", string.Empty).Replace("-", string.Empty).ToLowerInvariant();
    }
}
