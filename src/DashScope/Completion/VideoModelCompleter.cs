namespace DashScope.Completion
{
    /// <summary>Text-to-video and image-to-video models.</summary>
    public sealed class VideoModelCompleter : CatalogModelCompleter
    {
        public VideoModelCompleter()
            : base("video")
        {
        }
    }
}
