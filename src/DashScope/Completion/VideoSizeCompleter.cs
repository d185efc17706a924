using System.Collections.Generic;
using DashScope.Catalog;

namespace DashScope.Completion
{
    /// <summary>Video sizes of the video model.</summary>
    public sealed class VideoSizeCompleter : FamilyValueCompleter
    {
        public VideoSizeCompleter() : base("video") { }

        protected override IEnumerable<string> ValuesOf(ModelFamily family) => family.Sizes;
    }
}
