using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DashScope.Catalog;

namespace DashScope.Completion
{
    /// <summary>Vector sizes of the embedding model.</summary>
    public sealed class DimensionCompleter : FamilyValueCompleter
    {
        public DimensionCompleter() : base("embedding") { }

        protected override IEnumerable<string> ValuesOf(ModelFamily family) => family.Dimensions.Select(d => d.ToString(CultureInfo.InvariantCulture));
    }
}
