using System.Collections.Generic;
using System.Linq;
using DashScope.Catalog;

namespace DashScope.Completion
{
    /// <summary>Models Invoke-QwenChat can talk to: text models first, then those that also take text prompts (vision, audio, omni).</summary>
    public sealed class ChatModelCompleter : CatalogModelCompleter
    {
        private static readonly string[] TextKinds = { "chat", "research", "translation" };
        private static readonly string[] PromptKinds = { "vision", "omni", "audio" };

        protected override bool Includes(ModelFamily family) => TextKinds.Contains(family.Kind) || PromptKinds.Contains(family.Kind);

        protected override IReadOnlyList<string> Suggestions =>
            ModelCatalog.Default.ModelNames(TextKinds).Concat(ModelCatalog.Default.ModelNames(PromptKinds)).Distinct().ToList();
    }
}
