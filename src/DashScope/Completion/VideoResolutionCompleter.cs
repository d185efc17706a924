using System.Collections.Generic;
using System.Linq;
using DashScope.Catalog;

namespace DashScope.Completion
{
    /// <summary>Video resolutions of the video model (480P, 720P, 1080P).</summary>
    public sealed class VideoResolutionCompleter : FamilyValueCompleter
    {
        public VideoResolutionCompleter() : base("video") { }

        protected override IEnumerable<string> ValuesOf(ModelFamily family) =>
            family.Resolutions.Count > 0 ? family.Resolutions : ModelCatalog.Default.Families.Where(f => f.Kind == "video").SelectMany(f => f.Resolutions).Distinct();
    }
}
