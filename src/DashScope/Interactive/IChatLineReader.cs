using System;

namespace DashScope.Interactive
{
    /// <summary>Reads what a person types at the prompt of a console conversation.</summary>
    internal interface IChatLineReader : IDisposable
    {
        /// <summary>The key that ends the conversation at an empty prompt (Ctrl+D), or null when this reader cannot see it.</summary>
        string? EndKey { get; }

        /// <summary>Shows <paramref name="prompt"/> and reads a line.</summary>
        ChatLine Read(string prompt);
    }
}
