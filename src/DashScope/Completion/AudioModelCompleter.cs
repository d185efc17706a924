using DashScope.Catalog;

namespace DashScope.Completion
{
    /// <summary>Speech recognition and audio understanding models.</summary>
    public sealed class AudioModelCompleter : CatalogModelCompleter
    {
        protected override bool Includes(ModelFamily family) => family.Kind == "asr" || family.Kind == "audio" || family.Kind == "transcription";
    }
}
