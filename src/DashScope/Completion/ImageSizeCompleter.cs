using System.Collections.Generic;
using DashScope.Catalog;

namespace DashScope.Completion
{
    /// <summary>Picture sizes of the image model.</summary>
    public sealed class ImageSizeCompleter : FamilyValueCompleter
    {
        public ImageSizeCompleter() : base("image") { }

        protected override IEnumerable<string> ValuesOf(ModelFamily family) => family.Sizes;
    }
}
