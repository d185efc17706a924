using System.Collections.Generic;
using DashScope.Catalog;

namespace DashScope.Completion
{
    /// <summary>Languages (language_type) of the speech model.</summary>
    public sealed class SpeechLanguageCompleter : FamilyValueCompleter
    {
        public SpeechLanguageCompleter() : base("speech") { }

        protected override IEnumerable<string> ValuesOf(ModelFamily family) => family.Languages;
    }
}
