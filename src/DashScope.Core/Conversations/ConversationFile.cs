using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using DashScope.Json;
using DashScope.Models;
using DashScope.Requests;

namespace DashScope.Conversations
{
    /// <summary>
    /// A conversation as a JSON file: an array of messages exactly as the service takes them (role, content,
    /// reasoning_content, tool_calls, tool_call_id, name; content as a list of parts when a message has images, video or
    /// audio). Each message is read as <see cref="MessageReader"/> reads the messages Invoke-QwenChat -Messages takes, so
    /// that cmdlet reads the same file (Get-Content chat.json | ConvertFrom-Json).
    /// </summary>
    public static class ConversationFile
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        /// <summary>The messages as indented JSON text (CJK written raw).</summary>
        public static string ToJson(IEnumerable<QwenChatMessage> messages) => JsonText.ToText(writer =>
        {
            writer.WriteStartArray();
            foreach (var message in messages) ChatRequestBuilder.WriteMessage(writer, message, parts: message.Parts != null);
            writer.WriteEndArray();
        }, indented: true);

        /// <summary>Writes the conversation to <paramref name="path"/> (UTF-8): whole or not at all, an existing file is replaced.</summary>
        public static void Save(string path, IEnumerable<QwenChatMessage> messages)
        {
            var full = Path.GetFullPath(path);
            var directory = Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
                throw Invalid("The folder '" + directory + "' does not exist.");
            var temporary = full + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
            try
            {
                File.WriteAllText(temporary, ToJson(messages) + "\n", Utf8);
                if (File.Exists(full)) File.Replace(temporary, full, null);
                else File.Move(temporary, full);
            }
            finally
            {
                if (File.Exists(temporary)) File.Delete(temporary);
            }
        }

        /// <summary>Reads a conversation file; see <see cref="Parse"/>.</summary>
        public static List<QwenChatMessage> Load(string path)
        {
            if (!File.Exists(path)) throw Invalid("The conversation file '" + path + "' does not exist.");
            return Parse(File.ReadAllText(path, Encoding.UTF8));
        }

        /// <summary>
        /// Reads a conversation from JSON: an array of messages, or an object holding them in "messages" or "History" (a
        /// result saved with ConvertTo-Json). Throws an InvalidInput error naming the problem.
        /// </summary>
        public static List<QwenChatMessage> Parse(string json)
        {
            object? root;
            try
            {
                root = JsonText.ParsePlain((json ?? string.Empty).TrimStart('\uFEFF'));
            }
            catch (JsonException exception)
            {
                throw Invalid("The conversation is not valid JSON: " + exception.Message, exception);
            }
            if (root is IDictionary<string, object?> holder)
                root = Lookup(holder, "messages", "History");
            if (!(root is IList<object?> items))
                throw Invalid("A conversation file holds a JSON array of messages such as [{\"role\": \"user\", \"content\": \"Hello\"}].");
            var messages = new List<QwenChatMessage>(items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                if (!(items[i] is IDictionary<string, object?> fields))
                    throw Invalid("Message " + (i + 1).ToString(CultureInfo.InvariantCulture) + " of the conversation is not a JSON object.");
                messages.Add(MessageReader.Read(fields));
            }
            return messages;
        }

        private static object? Lookup(IDictionary<string, object?> fields, params string[] names)
        {
            foreach (var name in names)
            {
                foreach (var pair in fields)
                {
                    if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase)) return pair.Value;
                }
            }
            return null;
        }

        private static DashScopeException Invalid(string message, Exception? inner = null) =>
            new DashScopeException(DashScopeErrorKind.InvalidInput, message, inner);
    }
}
