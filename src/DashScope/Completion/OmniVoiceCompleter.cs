using System.Collections.Generic;
using DashScope.Catalog;

namespace DashScope.Completion
{
    /// <summary>Voices of the omni model typed in -Model (or of the catalog's first omni model).</summary>
    public sealed class OmniVoiceCompleter : FamilyValueCompleter
    {
        public OmniVoiceCompleter() : base("omni") { }

        protected override IEnumerable<string> ValuesOf(ModelFamily family) => family.Voices;
    }
}
