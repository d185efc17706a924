using DashScope.Catalog;

namespace DashScope.Completion
{
    /// <summary>Models that take images or video (vision-language, Qwen3.5 and later, OCR).</summary>
    public sealed class VisionModelCompleter : CatalogModelCompleter
    {
        protected override bool Includes(ModelFamily family) =>
            (family.Takes("image") || family.Takes("video")) && family.Gives("text") && family.Kind != "omni";
    }
}
