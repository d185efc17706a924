using System.Collections.Generic;

namespace DashScope.Completion
{
    /// <summary>Suggests -SearchStrategy values; any other value is still accepted.</summary>
    public sealed class SearchStrategyCompleter : SuggestionCompleter
    {
        private static readonly string[] Names = { "turbo", "max", "agent", "standard" };

        protected override IReadOnlyList<string> Suggestions => Names;
    }
}
