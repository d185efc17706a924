using System;
using System.Globalization;
using System.Management.Automation.Host;
using System.Text;
using DashScope.Models;

namespace DashScope.Formatting
{
    /// <summary>
    /// Console rendering of streamed records, called from the format view. The formatter ends every
    /// object with a line break; at an interactive console each record moves the cursor back to where the
    /// previous one ended, so the answer flows as prose. Elsewhere (redirected output) each record is a line.
    /// </summary>
    public static class StreamDisplay
    {
        private const string Dim = "\u001b[2m";
        private const string Reset = "\u001b[0m";

        private static readonly object Gate = new object();
        private static string? _requestId;
        private static int _column = -1;
        private static bool _wrapped;
        private static string? _lastShownRequestId;
        private static bool _inReasoning;

        // Records of further choices are not flowed into the first choice's text; each still ends in the
        // formatter's line break, which the next flowing record climbs back over.
        private static int _hiddenLines;

        /// <summary>
        /// The one view for everything a streaming cmdlet writes: records flow, status records are lines, and the
        /// final result (its text already shown) is a dim summary line. One view for all of them keeps a stream
        /// in one format group, so the console never switches to a property list half-way.
        /// </summary>
        public static string Render(object? value, PSHost host)
        {
            var item = value is System.Management.Automation.PSObject wrapped ? wrapped.BaseObject : value;
            switch (item)
            {
                case QwenChatStreamRecord record when record.ChoiceIndex > 0:
                    return Hide(record, host);
                case QwenChatStreamRecord record:
                    return Show(record, host);
                case QwenResearchRecord research when research.Text.Length > 0:
                    return Show(new QwenChatStreamRecord
                    {
                        Text = research.Text,
                        RequestId = research.RequestId,
                        EventId = research.EventId,
                        Model = research.Model,
                        ReceivedAt = research.ReceivedAt,
                    }, host);
                case QwenResearchRecord research:
                    return Line("[" + research.Phase + "] " + research.Activity, host, dim: false);
                case QwenChatResult chat:
                    return Final(chat.Text, chat.RequestId, Footer(chat), host) + OtherChoices(chat);
                case null:
                    return string.Empty;
                default:
                    var type = item.GetType();
                    return Final(type.GetProperty("Text")?.GetValue(item) as string, type.GetProperty("RequestId")?.GetValue(item) as string,
                        MediaDisplay.Footer(item), host);
            }
        }

        /// <summary>
        /// The final result of a stream: just the summary line when its records were shown a moment ago, else
        /// (a result kept in a variable and shown later) its text as well.
        /// </summary>
        private static string Final(string? text, string? requestId, string footer, PSHost host)
        {
            bool recordsShown;
            lock (Gate)
            {
                recordsShown = requestId != null && string.Equals(requestId, _lastShownRequestId, StringComparison.Ordinal);
            }
            var line = Line(footer, host, dim: true);
            return recordsShown || string.IsNullOrEmpty(text) ? line : text + Environment.NewLine + line;
        }

        /// <summary>A whole line of its own: ends any flowing text first.</summary>
        private static string Line(string text, PSHost host, bool dim)
        {
            lock (Gate)
            {
                var interactive = IsInteractive(host);
                if (interactive && _column > 0)
                {
                    // The flowing text did not end with a finish event (e.g. a research phase change): start a new line.
                    try
                    {
                        var raw = host.UI.RawUI;
                        var cursor = raw.CursorPosition;
                        if (cursor.X == 0 && cursor.Y > 0) raw.CursorPosition = new Coordinates(_column, cursor.Y - 1);
                        host.UI.WriteLine();
                    }
                    catch (Exception exception) when (exception is NotImplementedException || exception is NotSupportedException ||
                                                      exception is InvalidOperationException || exception is System.IO.IOException ||
                                                      exception is HostException)
                    {
                    }
                }
                _column = -1;
                _requestId = null;
                return dim && interactive && host.UI.SupportsVirtualTerminal ? Dim + text + Reset : text;
            }
        }

        /// <summary>
        /// A record of a further choice (-Choices): a line of its own when output is not a console; at a console
        /// nothing, so the first choice flows undisturbed (the result shows the other choices at the end).
        /// </summary>
        private static string Hide(QwenChatStreamRecord record, PSHost host)
        {
            if (!IsInteractive(host)) return "[choice " + (record.ChoiceIndex + 1) + "] " + PlainLine(record);
            lock (Gate)
            {
                if (_column >= 0) _hiddenLines++;
            }
            return string.Empty;
        }

        /// <summary>The answers after the first, when several were asked for.</summary>
        private static string OtherChoices(QwenChatResult result)
        {
            if (result.Choices.Count < 2) return string.Empty;
            var text = new StringBuilder();
            for (var i = 1; i < result.Choices.Count; i++)
            {
                text.Append(Environment.NewLine).Append("── choice ").Append(result.Choices[i].Index + 1).Append(" ──")
                    .Append(Environment.NewLine).Append(result.Choices[i].Text);
            }
            return text.ToString();
        }

        /// <summary>Writes the record's text to the host and returns what the view itself should print.</summary>
        public static string Show(QwenChatStreamRecord record, PSHost host)
        {
            if (record == null) return string.Empty;
            lock (Gate) _lastShownRequestId = record.RequestId;
            if (!IsInteractive(host)) return PlainLine(record);

            lock (Gate)
            {
                try
                {
                    var raw = host.UI.RawUI;
                    var cursor = raw.CursorPosition;
                    var continuing = _column >= 0 && cursor.X == 0 && cursor.Y > 0 &&
                                     string.Equals(_requestId, record.RequestId, StringComparison.Ordinal);
                    if (!continuing)
                    {
                        _inReasoning = false;
                        _hiddenLines = 0;
                    }

                    var text = Prose(record, ref _inReasoning, out var plain);

                    if (!continuing)
                    {
                        // The first record of a stream is the view's own output: the formatter may put a blank
                        // line before a new group, so only text it printed itself has a known position.
                        var fitsOnOneLine = plain.IndexOf('\n') < 0 &&
                                            raw.LengthInBufferCells(plain) < raw.WindowSize.Width;
                        if (record.FinishReason == null && fitsOnOneLine)
                        {
                            Advance(raw, 0, plain);
                            _requestId = record.RequestId;
                        }
                        else
                        {
                            _column = -1;
                            _requestId = null;
                        }
                        return text;
                    }

                    // Back to where the previous record ended; after a write that filled the last column the
                    // formatter's line break already put the cursor where the text goes on.
                    if (!_wrapped) raw.CursorPosition = new Coordinates(_column, Math.Max(0, cursor.Y - 1 - _hiddenLines));
                    _hiddenLines = 0;
                    var start = _wrapped ? 0 : _column;
                    if (text.Length > 0) host.UI.Write(text);

                    if (record.FinishReason != null)
                    {
                        _column = -1;
                        _requestId = null;
                    }
                    else
                    {
                        Advance(raw, start, plain);
                        _requestId = record.RequestId;
                    }
                    return string.Empty;
                }
                catch (Exception exception) when (exception is NotImplementedException || exception is NotSupportedException ||
                                                  exception is InvalidOperationException || exception is System.IO.IOException ||
                                                  exception is System.Management.Automation.Host.HostException)
                {
                    _column = -1;
                    return PlainLine(record);
                }
            }
        }

        /// <summary>
        /// A record's text as flowing prose: its reasoning dimmed, and a blank line where the answer follows the
        /// reasoning. <paramref name="plain"/> is the same text without escape sequences; <paramref name="inReasoning"/>
        /// says whether the text so far ended in reasoning, and is updated.
        /// </summary>
        internal static string Prose(QwenChatStreamRecord record, ref bool inReasoning, out string plain)
        {
            var text = new StringBuilder();
            var bare = new StringBuilder();
            if (!string.IsNullOrEmpty(record.Reasoning))
            {
                text.Append(Dim).Append(record.Reasoning).Append(Reset);
                bare.Append(record.Reasoning);
                inReasoning = true;
            }
            if (!string.IsNullOrEmpty(record.Text))
            {
                if (inReasoning)
                {
                    text.Append("\n\n");
                    bare.Append("\n\n");
                }
                inReasoning = false;
                text.Append(record.Text);
                bare.Append(record.Text);
            }
            plain = bare.ToString();
            return text.ToString();
        }

        /// <summary>Dimmed text (a footer), for a host that shows escape sequences.</summary>
        internal static string Dimmed(string text) => Dim + text + Reset;

        /// <summary>
        /// Where the text just written ends. Terminals report a cursor that has filled the last column as still on
        /// it ("pending wrap"), so for single-line text the end is computed rather than read.
        /// </summary>
        private static void Advance(PSHostRawUserInterface raw, int start, string plain)
        {
            var width = raw.WindowSize.Width;
            if (plain.IndexOf('\n') >= 0 || width <= 0)
            {
                _column = raw.CursorPosition.X;
                _wrapped = false;
                return;
            }
            // Walk the text as the terminal lays it out: a wide (CJK) character that does not fit in the last
            // cell moves to the next line whole.
            var column = start;
            for (var i = 0; i < plain.Length; i++)
            {
                var length = char.IsHighSurrogate(plain[i]) && i + 1 < plain.Length ? 2 : 1;
                var cells = raw.LengthInBufferCells(plain.Substring(i, length));
                i += length - 1;
                if (column >= width || column + cells > width) column = 0;
                column += cells;
            }
            _wrapped = column >= width;
            _column = _wrapped ? 0 : column;
        }

        /// <summary>The line shown after a stream: the text has already been seen, so only the facts.</summary>
        public static string Footer(QwenChatResult result)
        {
            if (result == null) return string.Empty;
            var parts = new StringBuilder();
            parts.Append(result.Model);
            parts.Append(" · ").Append(result.FinishReason ?? (result.Completed ? "done" : "incomplete"));
            if (result.Usage != null) parts.Append(" · ").Append(result.Usage.ToString()).Append(" tokens");
            parts.Append(" · ").Append(result.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)).Append(" s");
            if (!string.IsNullOrEmpty(result.RequestId)) parts.Append(" · ").Append(result.RequestId);
            if (result.Audio != null)
                parts.Append(" · speech ").Append(result.Audio.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)).Append(" s in ").Append(result.Audio.Path);
            return "── " + parts;
        }

        private static string PlainLine(QwenChatStreamRecord record) =>
            string.IsNullOrEmpty(record.Reasoning) ? record.Text : "(reasoning) " + record.Reasoning + record.Text;

        private static bool IsInteractive(PSHost host)
        {
            if (host == null || host.UI == null || host.UI.RawUI == null) return false;
            if (!string.Equals(host.Name, "ConsoleHost", StringComparison.Ordinal)) return false;
            try
            {
                return !Console.IsOutputRedirected;
            }
            catch (Exception)
            {
                return false;
            }
        }
    }
}
