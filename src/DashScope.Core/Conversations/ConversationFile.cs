using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
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
    /// audio). Invoke-QwenChat -Messages reads the same file (Get-Content chat.json | ConvertFrom-Json), and messages read
    /// from PowerShell objects go through <see cref="ReadMessage"/> as well.
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
                messages.Add(ReadMessage(fields));
            }
            return messages;
        }

        /// <summary>
        /// One message from plain values (keys matched case-insensitively), in the service's form (role, content as text
        /// or parts, reasoning_content, tool_calls with function.name and function.arguments, tool_call_id, name) or in
        /// the form of a <see cref="QwenChatMessage"/> (Role, Content, ReasoningContent, ToolCalls, ToolCallId, Name, Parts).
        /// </summary>
        public static QwenChatMessage ReadMessage(IDictionary<string, object?> fields)
        {
            var role = Text(Lookup(fields, "role"))?.Trim().ToLowerInvariant();
            if (!QwenChatMessage.IsKnownRole(role))
                throw Invalid("A message has the role '" + role + "'. Use system, user, assistant or tool.");
            var message = new QwenChatMessage(role!, null)
            {
                ReasoningContent = Text(Lookup(fields, "reasoning_content", "ReasoningContent")),
                ToolCallId = Text(Lookup(fields, "tool_call_id", "ToolCallId")),
                Name = Text(Lookup(fields, "name")),
                Partial = Lookup(fields, "partial") is bool partial && partial,
            };
            var content = Lookup(fields, "content");
            if (content is IList<object?> wireParts)
            {
                message.Parts = wireParts.Select(ReadWirePart).ToList();
                message.Content = JoinText(message.Parts);
            }
            else
            {
                message.Content = Text(content);
            }
            if (Lookup(fields, "parts") is IList<object?> modelParts && modelParts.Count > 0)
            {
                message.Parts = modelParts.Select(ReadModelPart).ToList();
                if (message.Content == null) message.Content = JoinText(message.Parts);
            }
            if (Lookup(fields, "tool_calls", "ToolCalls") is IList<object?> calls && calls.Count > 0)
                message.ToolCalls = calls.Select((call, index) => ReadToolCall(call, index)).ToList();
            return message;
        }

        private static QwenToolCall ReadToolCall(object? value, int position)
        {
            if (!(value is IDictionary<string, object?> call)) throw Invalid("A tool call must be an object with id, type and function.");
            var function = Lookup(call, "function") as IDictionary<string, object?>;
            var arguments = function != null ? Lookup(function, "arguments") : Lookup(call, "Arguments");
            return new QwenToolCall
            {
                Id = Text(Lookup(call, "id")),
                Type = Text(Lookup(call, "type")) ?? "function",
                Index = Integer(Lookup(call, "index")) ?? position,
                Name = Text(function != null ? Lookup(function, "name") : Lookup(call, "Name")),
                Arguments = arguments is string text ? text : arguments == null ? string.Empty : JsonText.Serialize(arguments),
            };
        }

        /// <summary>A part as the service writes it: {"text": ...}, {"image": url}, {"video": url or [frames]}, {"audio": url}.</summary>
        private static QwenContentPart ReadWirePart(object? value)
        {
            if (!(value is IDictionary<string, object?> part)) throw Invalid("A content part must be an object such as {\"text\": \"...\"} or {\"image\": \"https://...\"}.");
            QwenContentPart result;
            if (Lookup(part, QwenContentPart.ImageType) is string image) result = QwenContentPart.Image(image);
            else if (Lookup(part, QwenContentPart.AudioType) is string audio) result = QwenContentPart.Audio(audio);
            else if (Lookup(part, QwenContentPart.VideoType) is IList<object?> frames) result = QwenContentPart.VideoFrames(frames.Select(Text).Where(f => f != null).Select(f => f!).ToList());
            else if (Lookup(part, QwenContentPart.VideoType) is string video) result = QwenContentPart.Video(video);
            else if (Lookup(part, QwenContentPart.TextType) is object text) result = QwenContentPart.FromText(Text(text));
            else throw Invalid("A content part has none of text, image, video or audio.");
            ReadPartOptions(part, result);
            return result;
        }

        /// <summary>A part in the form of <see cref="QwenContentPart"/>: Type, Text, Url, Frames, Source and the options.</summary>
        private static QwenContentPart ReadModelPart(object? value)
        {
            if (!(value is IDictionary<string, object?> part)) throw Invalid("A message part must be an object with Type and Text or Url.");
            var type = Text(Lookup(part, "Type"))?.ToLowerInvariant() ?? QwenContentPart.TextType;
            if (type != QwenContentPart.TextType && type != QwenContentPart.ImageType && type != QwenContentPart.VideoType && type != QwenContentPart.AudioType)
                throw Invalid("A content part has the type '" + type + "'. Use text, image, video or audio.");
            var result = new QwenContentPart
            {
                Type = type,
                Text = Text(Lookup(part, "Text")),
                Url = Text(Lookup(part, "Url")),
                Source = Text(Lookup(part, "Source")),
                Frames = Lookup(part, "Frames") is IList<object?> frames ? frames.Select(Text).Where(f => f != null).Select(f => f!).ToList() : null,
            };
            ReadPartOptions(part, result);
            return result;
        }

        private static void ReadPartOptions(IDictionary<string, object?> part, QwenContentPart result)
        {
            result.MinPixels = Integer(Lookup(part, "min_pixels", "MinPixels"));
            result.MaxPixels = Integer(Lookup(part, "max_pixels", "MaxPixels"));
            if (Lookup(part, "enable_rotate", "EnableRotate") is bool rotate) result.EnableRotate = rotate;
            var fps = Lookup(part, "fps", "Fps");
            if (fps is IConvertible rate && !(fps is string) && !(fps is bool)) result.Fps = rate.ToDouble(CultureInfo.InvariantCulture);
        }

        private static int? Integer(object? value) =>
            value is long || value is int || value is short ? Convert.ToInt32(value, CultureInfo.InvariantCulture) : (int?)null;

        private static string JoinText(IEnumerable<QwenContentPart> parts) =>
            string.Join("\n", parts.Where(part => part.Type == QwenContentPart.TextType && !string.IsNullOrEmpty(part.Text)).Select(part => part.Text));

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

        private static string? Text(object? value)
        {
            switch (value)
            {
                case null: return null;
                case string text: return text;
                case bool flag: return flag ? "true" : "false";
                case IFormattable number: return number.ToString(null, CultureInfo.InvariantCulture);
                case IDictionary _:
                case IEnumerable<object?> _:
                    return JsonText.Serialize(value);
                default: return value.ToString();
            }
        }

        private static DashScopeException Invalid(string message, Exception? inner = null) =>
            new DashScopeException(DashScopeErrorKind.InvalidInput, message, inner);
    }
}
