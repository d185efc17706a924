using System.Text;

namespace DashScope.Conversations
{
    /// <summary>
    /// Gathers the lines of one message typed at a console prompt. A line ending in a backslash goes on to the next
    /// line (the backslash is dropped); so does a line read while more input is already waiting, which is how a pasted
    /// block of several lines arrives.
    /// </summary>
    public sealed class ChatInput
    {
        private readonly StringBuilder _text = new StringBuilder();
        private bool _started;

        /// <summary>True after the first line of a message that is not complete yet.</summary>
        public bool Continuing => _started;

        /// <summary>Adds a line; true when the message is complete and <see cref="Take"/> returns it.</summary>
        /// <param name="morePending">More input is already waiting (a paste in progress).</param>
        public bool Add(string line, bool morePending)
        {
            line = line ?? string.Empty;
            if (_started) _text.Append('\n');
            _started = true;
            if (line.EndsWith("\\", System.StringComparison.Ordinal))
            {
                _text.Append(line, 0, line.Length - 1);
                return false;
            }
            _text.Append(line);
            return !morePending;
        }

        /// <summary>The whole message (lines joined by \n), and a fresh start for the next one.</summary>
        public string Take()
        {
            var text = _text.ToString();
            _text.Clear();
            _started = false;
            return text;
        }
    }
}
