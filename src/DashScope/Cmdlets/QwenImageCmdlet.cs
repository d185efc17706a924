using System.Management.Automation;
using DashScope.Media;
using DashScope.Models;

namespace DashScope.Cmdlets
{
    /// <summary>Base of the cmdlets that send images (Invoke-QwenVision, Get-QwenOcr): the per-image options.</summary>
    public abstract class QwenImageCmdlet : QwenMediaCmdlet
    {
        /// <summary>Images: the smallest pixel count; smaller images are scaled up to it.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? MinPixels { get; set; }

        /// <summary>Images: the largest pixel count; larger images are scaled down to it.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? MaxPixels { get; set; }

        /// <summary>Images: let the service straighten rotated images first.</summary>
        [Parameter]
        public SwitchParameter EnableRotate { get; set; }

        /// <summary>An image part with the per-image options (-MinPixels, -MaxPixels, -EnableRotate).</summary>
        protected QwenContentPart ImagePart(MediaInput image)
        {
            var part = QwenContentPart.Image(image.Value, image.Value);
            part.MinPixels = MinPixels;
            part.MaxPixels = MaxPixels;
            if (EnableRotate.IsPresent) part.EnableRotate = true;
            return part;
        }
    }
}
