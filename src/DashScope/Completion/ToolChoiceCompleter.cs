using System.Collections.Generic;

namespace DashScope.Completion
{
    /// <summary>Suggests -ToolChoice values (auto, none); a tool name is accepted too.</summary>
    public sealed class ToolChoiceCompleter : SuggestionCompleter
    {
        private static readonly string[] Names = { "auto", "none" };

        protected override IReadOnlyList<string> Suggestions => Names;
    }
}
