namespace DashScope.Media
{
    /// <summary>Where a media argument points.</summary>
    public enum MediaLocation
    {
        /// <summary>An http(s) URL the service fetches itself.</summary>
        Http,
        /// <summary>An oss:// URL of a temporary upload (needs X-DashScope-OssResourceResolve).</summary>
        Oss,
        /// <summary>A data: URI carrying the bytes.</summary>
        DataUri,
        /// <summary>A file on this machine.</summary>
        File,
    }
}
