using System;
using System.Collections.Generic;
using System.Linq;
using DashScope.Catalog;

namespace DashScope.Conversations
{
    /// <summary>
    /// Tab completion at the prompt of a console conversation: command names after a slash, model names after /model.
    /// The text from <see cref="Start"/> for <see cref="Length"/> characters is replaced by one of the candidates.
    /// </summary>
    public sealed class ChatCompletion
    {
        private ChatCompletion(int start, int length, IReadOnlyList<string> candidates)
        {
            Start = start;
            Length = length;
            Candidates = candidates;
        }

        public int Start { get; }

        public int Length { get; }

        /// <summary>What may replace the word, in the order to offer them (never empty).</summary>
        public IReadOnlyList<string> Candidates { get; }

        /// <summary>
        /// The completions for <paramref name="line"/> with the cursor at <paramref name="cursor"/>, or null when the line
        /// is not one this completes (a message, or the path of /file, which the shell's own completion handles).
        /// </summary>
        public static ChatCompletion? For(string line, int cursor, IEnumerable<string> models)
        {
            if (line == null || cursor < 0 || cursor > line.Length) return null;
            var before = line.Substring(0, cursor);
            var leading = before.Length - before.TrimStart().Length;
            var text = before.Substring(leading);
            if (text.Length == 0 || text[0] != '/') return null;

            var space = ChatCommand.IndexOfWhiteSpace(text);
            if (space < 0)
            {
                // Completing the command name itself.
                var names = ChatCommand.All.Select(info => info.Name)
                    .Where(name => name.StartsWith(text, StringComparison.OrdinalIgnoreCase)).ToList();
                return names.Count == 0 ? null : new ChatCompletion(leading, text.Length, names);
            }

            var command = ChatCommand.Find(text.Substring(0, space));
            if (command == null || command.Kind != ChatCommandKind.Model) return null;
            var rest = text.Substring(space);
            var argumentStart = leading + space + (rest.Length - rest.TrimStart().Length);
            var word = before.Substring(argumentStart);
            if (ChatCommand.IndexOfWhiteSpace(word) >= 0) return null;
            var matches = models.Where(model => model.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            return matches.Count == 0 ? null : new ChatCompletion(argumentStart, word.Length, matches);
        }

        /// <summary>The models a conversation can switch to: the listed names of the families that read and write text.</summary>
        public static IEnumerable<string> ChatModels(ModelCatalog catalog) =>
            catalog.Families
                .Where(family => family.Takes("text") && family.Gives("text") &&
                                 (family.Endpoint == ModelEndpoint.Text || family.Endpoint == ModelEndpoint.Multimodal))
                .SelectMany(family => family.Models)
                .Distinct(StringComparer.OrdinalIgnoreCase);
    }
}
