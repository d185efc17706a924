namespace DashScope.Completion
{
    /// <summary>Text-to-image models.</summary>
    public sealed class ImageModelCompleter : CatalogModelCompleter
    {
        public ImageModelCompleter()
            : base("image")
        {
        }
    }
}
