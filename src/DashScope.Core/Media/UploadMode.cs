namespace DashScope.Media
{
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
}
