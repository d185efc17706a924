using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation.Host;
using DashScope.Conversations;
using DashScope.Models;

namespace DashScope.Formatting
{
    /// <summary>
    /// What Enter-QwenChat shows at the console: the prompt, each answer as flowing prose the way Invoke-QwenChat
    /// -Stream shows it (reasoning dimmed, then the tools that ran and the dim footer line), notes about commands, and
    /// the final summary of a conversation written to the pipeline. A host without escape sequences gets the same text without colours, and
    /// reasoning marked with "(reasoning)".
    /// </summary>
    public sealed class ChatConsoleView
    {
        /// <summary>The type name of the result Enter-QwenChat writes; its view is <see cref="Summary"/>.</summary>
        public const string ConversationTypeName = "DashScope.Models.QwenChatResult#Conversation";

        private const string Bold = "\u001b[1m";
        private const string Cyan = "\u001b[36m";
        private const string Reset = "\u001b[0m";

        private readonly PSHost _host;
        private readonly bool _escapes;
        private bool _inReasoning;
        private bool _midLine;

        internal ChatConsoleView(PSHost host)
        {
            _host = host;
            _escapes = host.UI.SupportsVirtualTerminal;
        }

        /// <summary>The line that ends a conversation at the console: what it holds and how to go on.</summary>
        public static string Summary(QwenChatResult result)
        {
            if (result == null) return string.Empty;
            var questions = result.History.Count(message => message.Role == "user");
            return "── conversation with " + result.Model + ": " + Count(questions, "question") + ", " + Count(result.History.Count, "message") +
                   " (pipe it to Invoke-QwenChat or Enter-QwenChat to go on)";
        }

        /// <summary>The prompt for the next message: the model it goes to.</summary>
        internal string Prompt(string model) => _escapes ? Bold + Cyan + model + ">" + Reset + " " : model + "> ";

        /// <summary>The prompt of a continuation line.</summary>
        internal string ContinuationPrompt => _escapes ? Cyan + ">>" + Reset + " " : ">> ";

        internal void Banner(string model, string? endKey)
        {
            var leave = endKey == null ? "/exit" : "/exit or " + endKey;
            Line(Faint("Chat with " + model + ". Type /help for commands, " + leave + " to end. Ctrl+C stops an answer."));
        }

        /// <summary>One piece of a streamed answer.</summary>
        internal void Answer(QwenChatStreamRecord record)
        {
            var wasReasoning = _inReasoning;
            var text = StreamDisplay.Prose(record, ref _inReasoning, out var plain);
            if (plain.Length == 0) return;
            if (!_escapes)
            {
                text = plain;
                if (_inReasoning && !wasReasoning && !_midLine) text = "(reasoning) " + text;
            }
            _host.UI.Write(text);
            _midLine = !plain.EndsWith("\n", StringComparison.Ordinal);
        }

        /// <summary>A deep-research event: its text flows like an answer, phase changes are lines of their own.</summary>
        internal void Research(QwenResearchRecord record)
        {
            if (record.Text.Length > 0)
            {
                Answer(new QwenChatStreamRecord { Text = record.Text, RequestId = record.RequestId, Model = record.Model });
                return;
            }
            if (record.Phase == "KeepAlive") return;
            EndAnswer();
            Line(Faint("[" + record.Phase + "] " + record.Activity));
        }

        /// <summary>Ends the line an answer left open.</summary>
        internal void EndAnswer()
        {
            if (_midLine) _host.UI.WriteLine();
            _midLine = false;
            _inReasoning = false;
        }

        /// <summary>After a complete answer: the footer line with model, finish reason, tokens, duration and request id.</summary>
        internal void Footer(QwenChatResult result)
        {
            EndAnswer();
            foreach (var run in result.ToolRuns) Line(Faint("── tool " + (run.CommandLine ?? run.Name) + ": " + run.Status.ToLowerInvariant()));
            Line(Faint(StreamDisplay.Footer(result)));
            _host.UI.WriteLine();
        }

        /// <summary>After Ctrl+C stopped an answer.</summary>
        internal void Stopped()
        {
            EndAnswer();
            Line(Faint("── stopped. The question was not added to the conversation; /retry asks it again."));
            _host.UI.WriteLine();
        }

        /// <summary>After a failed answer (the error was written just before).</summary>
        internal void Failed()
        {
            Line(Faint("── The question was not added to the conversation; /retry asks it again."));
            _host.UI.WriteLine();
        }

        /// <summary>What a command did or shows.</summary>
        internal void Note(string text) => Line(_escapes ? Cyan + text + Reset : text);

        internal void Help(IEnumerable<ChatCommandInfo> commands, string? endKey)
        {
            var list = commands.ToList();
            var width = list.Max(command => command.Usage.Length) + 2;
            foreach (var command in list) Note(command.Usage.PadRight(width) + command.Description);
            Note(string.Empty);
            Note("Enter sends the message. A line ending in \\ goes on in the next line; pasted lines stay one message.");
            Note("Start a message with // to send text that begins with a slash.");
            Note("Ctrl+C stops an answer; at the prompt it ends the conversation without writing it to the pipeline.");
            Note(endKey == null ? "/exit ends the conversation and writes it to the pipeline." : "/exit or " + endKey + " on an empty line ends the conversation and writes it to the pipeline.");
        }

        private void Line(string text)
        {
            EndAnswer();
            _host.UI.WriteLine(text);
        }

        private string Faint(string text) => _escapes ? StreamDisplay.Dimmed(text) : text;

        private static string Count(int count, string noun) =>
            count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? string.Empty : "s");
    }
}
