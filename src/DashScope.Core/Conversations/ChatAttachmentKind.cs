namespace DashScope.Conversations
{
    /// <summary>What a file attached to a question is, which decides how it is sent.</summary>
    public enum ChatAttachmentKind
    {
        /// <summary>An image part (multimodal endpoint).</summary>
        Image,
        /// <summary>A video part (multimodal endpoint).</summary>
        Video,
        /// <summary>An audio part (multimodal endpoint).</summary>
        Audio,
        /// <summary>A document uploaded with the files API and referred to as fileid:// (qwen-long).</summary>
        Document,
    }
}
