using DashScope.Catalog;

namespace DashScope.Completion
{
    /// <summary>Text-to-image models.</summary>
    public sealed class ImageModelCompleter : CatalogModelCompleter
    {
        protected override bool Includes(ModelFamily family) => family.Kind == "image";
    }
}
