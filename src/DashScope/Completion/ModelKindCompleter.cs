using System.Collections.Generic;
using System.Linq;
using DashScope.Catalog;

namespace DashScope.Completion
{
    /// <summary>The kinds of model families in the catalog (chat, vision, omni, embedding, ...).</summary>
    public sealed class ModelKindCompleter : SuggestionCompleter
    {
        private static readonly string[] Kinds = ModelCatalog.Default.Families.Select(family => family.Kind).Distinct().OrderBy(kind => kind).ToArray();

        protected override IReadOnlyList<string> Suggestions => Kinds;
    }
}
