using System;
using System.Collections.Generic;

namespace DashScope.Conversations
{
    /// <summary>
    /// A line typed at the prompt of a console conversation that is a command (/model qwen-max) rather than a message.
    /// A line is a command when it starts with one slash; two slashes send the rest, with one slash, as a message.
    /// </summary>
    public sealed class ChatCommand
    {
        /// <summary>Every command, in the order /help lists them.</summary>
        public static readonly IReadOnlyList<ChatCommandInfo> All = new[]
        {
            new ChatCommandInfo(ChatCommandKind.Help, "/help", null, false, "Lists the commands and keys."),
            new ChatCommandInfo(ChatCommandKind.Exit, "/exit", null, false, "Ends the conversation and writes it to the pipeline (also Ctrl+D on an empty line)."),
            new ChatCommandInfo(ChatCommandKind.Clear, "/clear", null, false, "Forgets the conversation; the system prompt and documents stay."),
            new ChatCommandInfo(ChatCommandKind.Model, "/model", "NAME", false, "Shows the model, or switches to NAME for the next questions (Tab completes)."),
            new ChatCommandInfo(ChatCommandKind.System, "/system", "TEXT", false, "Shows the system prompt, or replaces it with TEXT."),
            new ChatCommandInfo(ChatCommandKind.Retry, "/retry", null, false, "Asks the last question again (its answer is replaced)."),
            new ChatCommandInfo(ChatCommandKind.Undo, "/undo", null, false, "Drops the last question and its answer."),
            new ChatCommandInfo(ChatCommandKind.Save, "/save", "PATH", true, "Saves the conversation as JSON (Invoke-QwenChat -Messages reads it)."),
            new ChatCommandInfo(ChatCommandKind.Load, "/load", "PATH", true, "Replaces the conversation with one saved by /save."),
            new ChatCommandInfo(ChatCommandKind.Copy, "/copy", null, false, "Copies the last answer to the clipboard."),
            new ChatCommandInfo(ChatCommandKind.Usage, "/usage", null, false, "Shows the tokens used so far."),
            new ChatCommandInfo(ChatCommandKind.File, "/file", "PATH", false, "Attaches an image, video, audio file or document to the next question; without PATH lists the attachments."),
        };

        private static readonly Dictionary<string, ChatCommandKind> Aliases = new Dictionary<string, ChatCommandKind>(StringComparer.OrdinalIgnoreCase)
        {
            ["/quit"] = ChatCommandKind.Exit,
            ["/?"] = ChatCommandKind.Help,
        };

        private ChatCommand(ChatCommandInfo info, string argument)
        {
            Info = info;
            Argument = argument;
        }

        public ChatCommandInfo Info { get; }

        public ChatCommandKind Kind => Info.Kind;

        /// <summary>The rest of the line after the command name, trimmed; empty when none was given.</summary>
        public string Argument { get; }

        /// <summary>
        /// Reads a typed line: a command, or null for a message. A line that starts with one slash but names no command
        /// is an error (<paramref name="unknown"/> says so), so a typo is not sent to the model.
        /// </summary>
        public static ChatCommand? Parse(string line, out string? unknown)
        {
            unknown = null;
            var text = (line ?? string.Empty).Trim();
            if (!IsCommandLine(text)) return null;
            var space = IndexOfWhiteSpace(text);
            var name = space < 0 ? text : text.Substring(0, space);
            var argument = space < 0 ? string.Empty : text.Substring(space + 1).Trim();
            var info = Find(name);
            if (info == null)
            {
                unknown = name;
                return null;
            }
            return new ChatCommand(info, argument);
        }

        /// <summary>True when the text starts with a single slash (the start of a command).</summary>
        public static bool IsCommandLine(string text) =>
            text.Length > 1 && text[0] == '/' && text[1] != '/' && !char.IsWhiteSpace(text[1]);

        /// <summary>The message a line stands for: "//text" sends "/text".</summary>
        public static string MessageText(string line)
        {
            var trimmed = (line ?? string.Empty).TrimStart();
            return trimmed.StartsWith("//", StringComparison.Ordinal) ? trimmed.Substring(1) : line ?? string.Empty;
        }

        /// <summary>The command of this name (case-insensitive, aliases included), or null.</summary>
        public static ChatCommandInfo? Find(string name)
        {
            foreach (var info in All)
            {
                if (string.Equals(info.Name, name, StringComparison.OrdinalIgnoreCase)) return info;
            }
            if (Aliases.TryGetValue(name, out var kind))
            {
                foreach (var info in All)
                {
                    if (info.Kind == kind) return info;
                }
            }
            return null;
        }

        internal static int IndexOfWhiteSpace(string text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (char.IsWhiteSpace(text[i])) return i;
            }
            return -1;
        }

        public override string ToString() => Argument.Length == 0 ? Info.Name : Info.Name + " " + Argument;
    }
}
