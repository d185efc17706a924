using System.Collections.Generic;
using DashScope.Catalog;

namespace DashScope.Completion
{
    /// <summary>Voices of the speech model.</summary>
    public sealed class VoiceCompleter : FamilyValueCompleter
    {
        public VoiceCompleter() : base("speech") { }

        protected override IEnumerable<string> ValuesOf(ModelFamily family) => family.Voices;
    }
}
