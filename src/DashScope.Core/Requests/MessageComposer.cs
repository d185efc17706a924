using System;
using System.Collections.Generic;
using System.Linq;
using DashScope.Models;

namespace DashScope.Requests
{
    /// <summary>
    /// Builds the conversation a chat request sends: a system prompt, an earlier conversation, messages given by the
    /// caller and the new user message; documents as one fileid:// system message; the JSON instruction JSON mode needs.
    /// </summary>
    public static class MessageComposer
    {
        /// <summary>The system message added in JSON mode when no message mentions JSON (the service requires the word).</summary>
        public const string JsonInstruction = "Reply with one valid JSON object (json) and nothing else.";

        /// <summary>What a caller is told when there is nothing to send.</summary>
        public const string EmptyPromptMessage = "The prompt is empty. Give the question as the first argument, e.g. Invoke-QwenChat 'What is PowerShell?'.";

        /// <summary>
        /// The system prompt first (replacing the system messages of <paramref name="history"/>), then the history,
        /// then <paramref name="messages"/>, then <paramref name="user"/>. Empty when there is nothing at all.
        /// </summary>
        /// <param name="asParts">Write the system prompt as content parts (the multimodal endpoint's form).</param>
        public static List<QwenChatMessage> Compose(string? systemPrompt, IEnumerable<QwenChatMessage>? history,
            IEnumerable<QwenChatMessage>? messages, QwenChatMessage? user, bool asParts = false)
        {
            var composed = new List<QwenChatMessage>();
            var replaceSystem = !string.IsNullOrEmpty(systemPrompt);
            if (replaceSystem) composed.Add(System(systemPrompt!, asParts));
            if (history != null)
            {
                foreach (var message in history)
                {
                    if (replaceSystem && message.Role == "system") continue;
                    composed.Add(message);
                }
            }
            if (messages != null) composed.AddRange(messages);
            if (user != null) composed.Add(user);
            return composed;
        }

        /// <summary>A system message; as parts for the multimodal endpoint.</summary>
        public static QwenChatMessage System(string text, bool asParts) =>
            asParts ? new QwenChatMessage("system", text) { Parts = new[] { QwenContentPart.FromText(text) } } : new QwenChatMessage("system", text);

        /// <summary>Fails before anything is sent when the conversation has no message to answer.</summary>
        public static void EnsureNotEmpty(IReadOnlyCollection<QwenChatMessage> messages)
        {
            if (messages.All(message => message.Role == "system"))
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, EmptyPromptMessage);
        }

        /// <summary>
        /// Refers the model to documents uploaded for qwen-long: one system message "fileid://a,fileid://b" after the
        /// other system messages, unless the conversation already has exactly that one. True when it was added.
        /// </summary>
        public static bool AttachDocuments(IList<QwenChatMessage> messages, IReadOnlyCollection<string> fileIds)
        {
            if (fileIds.Count == 0) return false;
            var reference = string.Join(",", fileIds.Select(id => "fileid://" + id));
            if (messages.Any(m => m.Role == "system" && m.Content == reference)) return false;
            InsertAfterSystemMessages(messages, new QwenChatMessage("system", reference));
            return true;
        }

        /// <summary>JSON mode needs the word JSON in the messages: adds <see cref="JsonInstruction"/> when none has it. True when added.</summary>
        public static bool RequireJsonMention(IList<QwenChatMessage> messages)
        {
            if (messages.Any(m => (m.Content ?? string.Empty).IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0)) return false;
            InsertAfterSystemMessages(messages, new QwenChatMessage("system", JsonInstruction));
            return true;
        }

        private static void InsertAfterSystemMessages(IList<QwenChatMessage> messages, QwenChatMessage message)
        {
            var position = 0;
            while (position < messages.Count && messages[position].Role == "system") position++;
            messages.Insert(position, message);
        }
    }
}
