using System.Collections.Generic;

namespace DashScope.Completion
{
    /// <summary>Suggests -SearchStrategy values; any other value is still accepted.</summary>
    public sealed class SearchStrategyCompleter : ModelNameCompleter
    {
        private static readonly string[] Names = { "turbo", "max", "agent", "standard" };

        protected override IReadOnlyList<string> Models => Names;
    }

    /// <summary>Suggests -ToolChoice values (auto, none); a tool name is accepted too.</summary>
    public sealed class ToolChoiceCompleter : ModelNameCompleter
    {
        private static readonly string[] Names = { "auto", "none" };

        protected override IReadOnlyList<string> Models => Names;
    }
}
