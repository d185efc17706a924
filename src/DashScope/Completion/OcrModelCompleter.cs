using DashScope.Catalog;

namespace DashScope.Completion
{
    /// <summary>OCR models.</summary>
    public sealed class OcrModelCompleter : CatalogModelCompleter
    {
        protected override bool Includes(ModelFamily family) => family.Kind == "ocr";
    }
}
