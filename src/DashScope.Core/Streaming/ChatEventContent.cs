using System;

namespace DashScope.Streaming
{
    /// <summary>What one event of a chat stream carries; several at once when the service sends them together.</summary>
    [Flags]
    public enum ChatEventContent
    {
        None = 0,
        Text = 1,
        Reasoning = 2,
        ToolCall = 4,
        SearchResults = 8,
        Research = 16,
        Usage = 32,
        Final = 64,
        CodeRun = 128,
        Audio = 256,
    }
}
