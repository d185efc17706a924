using System.Collections.Generic;

namespace DashScope.Completion
{
    /// <summary>Values of reasoning_effort.</summary>
    public sealed class ReasoningEffortCompleter : SuggestionCompleter
    {
        private static readonly string[] Values = { "low", "medium", "high", "xhigh" };

        protected override IReadOnlyList<string> Suggestions => Values;
    }
}
