using System;
using System.Collections.Generic;
using System.Linq;
using DashScope.Catalog;

namespace DashScope.Completion
{
    /// <summary>The catalog's models of one kind (embedding, rerank, image, ...), most useful first.</summary>
    public abstract class CatalogModelCompleter : SuggestionCompleter
    {
        private readonly Lazy<IReadOnlyList<string>> _names;

        protected CatalogModelCompleter(string kind, Func<ModelFamily, bool>? filter = null)
        {
            _names = new Lazy<IReadOnlyList<string>>(() => ModelCatalog.Default.Families
                .Where(family => string.Equals(family.Kind, kind, StringComparison.OrdinalIgnoreCase) && (filter == null || filter(family)))
                .SelectMany(family => family.Models)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList());
        }

        protected override IReadOnlyList<string> Suggestions => _names.Value;
    }
}
