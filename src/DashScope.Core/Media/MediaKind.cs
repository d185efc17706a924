namespace DashScope.Media
{
    /// <summary>What a media argument is for; decides the allowed file types.</summary>
    public enum MediaKind
    {
        Image,
        Video,
        Audio,
    }
}
