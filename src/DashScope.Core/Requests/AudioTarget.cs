namespace DashScope.Requests
{
    /// <summary>The file a spoken answer is saved to, and whether an existing file there may be replaced.</summary>
    public sealed record AudioTarget(string Path, bool Overwrite = false);
}
