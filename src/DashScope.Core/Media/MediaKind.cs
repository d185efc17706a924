namespace DashScope.Media
{
    /// <summary>What a media argument is for; decides the allowed file types.</summary>
    public enum MediaKind
    {
        Image,
        Video,
        Audio,
    }

    /// <summary>How a local file reaches the service.</summary>
    public enum UploadMode
    {
        /// <summary>Inline (data: URI) when small, else the temporary upload.</summary>
        Auto,
        /// <summary>Always inline as a data: URI (up to the service's data-URI limit).</summary>
        Inline,
        /// <summary>Always through the temporary upload (oss://).</summary>
        Upload,
    }

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
