using System.Collections.Generic;
using System.Linq;
using DashScope.Catalog;

namespace DashScope.Completion
{
    /// <summary>Suggests the model names the catalog lists for the families a cmdlet can use, in catalog order.</summary>
    public abstract class CatalogModelCompleter : SuggestionCompleter
    {
        /// <summary>True for the families whose models this parameter takes.</summary>
        protected abstract bool Includes(ModelFamily family);

        protected override IReadOnlyList<string> Suggestions =>
            ModelCatalog.Default.Families.Where(Includes).SelectMany(family => family.Models).Distinct().ToList();
    }
}
