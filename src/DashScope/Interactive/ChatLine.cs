namespace DashScope.Interactive
{
    /// <summary>One read at the prompt of a console conversation.</summary>
    internal sealed class ChatLine
    {
        public static readonly ChatLine EndOfInput = new ChatLine(ChatLineKind.EndOfInput, string.Empty, false);
        public static readonly ChatLine Interrupt = new ChatLine(ChatLineKind.Interrupt, string.Empty, false);

        private ChatLine(ChatLineKind kind, string text, bool morePending)
        {
            Kind = kind;
            Text = text;
            MorePending = morePending;
        }

        public ChatLineKind Kind { get; }

        /// <summary>The text read (lines joined by \n when the editor took several).</summary>
        public string Text { get; }

        /// <summary>More input was already waiting when the line ended: the line is part of a paste.</summary>
        public bool MorePending { get; }

        public static ChatLine Of(string text, bool morePending) => new ChatLine(ChatLineKind.Text, text ?? string.Empty, morePending);
    }
}
