using DashScope.Catalog;

namespace DashScope.Completion
{
    /// <summary>Text-to-video and image-to-video models.</summary>
    public sealed class VideoModelCompleter : CatalogModelCompleter
    {
        protected override bool Includes(ModelFamily family) => family.Kind == "video";
    }
}
