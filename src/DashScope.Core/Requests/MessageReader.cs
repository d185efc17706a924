using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using DashScope.Json;
using DashScope.Models;

namespace DashScope.Requests
{
    /// <summary>
    /// Reads a chat message given as plain values (a hashtable, an object's properties, a deserialized History item)
    /// with every field the service knows: role, content as a string or as parts, reasoning_content, tool_calls,
    /// tool_call_id, name, partial. Wire names (tool_call_id) and property names (ToolCallId) are both understood.
    /// </summary>
    public static class MessageReader
    {
        /// <summary>The message a map describes; a clear error for anything that is not one.</summary>
        public static QwenChatMessage Read(IDictionary<string, object?> map)
        {
            var role = Text(Find(map, "role"))?.Trim().ToLowerInvariant();
            if (!QwenChatMessage.IsKnownRole(role))
                throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                    "A message has the role '" + role + "'. Use system, user, assistant or tool, e.g. @{ role = 'user'; content = 'Hello' }.");
            var message = new QwenChatMessage(role!, null)
            {
                ReasoningContent = Text(Find(map, "reasoning_content")),
                ToolCallId = Text(Find(map, "tool_call_id")),
                Name = Text(Find(map, "name")),
                Partial = Find(map, "partial") is bool partial && partial,
            };
            var content = Find(map, "content");
            var parts = Find(map, "parts");
            if (parts is IList partList && partList.Count > 0)
            {
                message.Parts = ReadParts(partList);
                message.Content = content as string ?? JoinText(message.Parts);
            }
            else if (content is IList contentParts && !(content is string))
            {
                message.Parts = ReadParts(contentParts);
                message.Content = JoinText(message.Parts);
                // Text-only parts are the same message as a string on the text endpoint; keep them as a string.
                if (message.Parts.All(part => !part.IsMedia && !part.IsDocument)) message.Parts = null;
            }
            else
            {
                message.Content = Text(content);
            }
            if (Find(map, "tool_calls") is IList calls && calls.Count > 0)
            {
                message.ToolCalls = new List<QwenToolCall>();
                var position = 0;
                foreach (var call in calls) message.ToolCalls.Add(ReadToolCall(call, position++));
            }
            return message;
        }

        private static List<QwenContentPart> ReadParts(IList items)
        {
            var parts = new List<QwenContentPart>(items.Count);
            foreach (var item in items)
            {
                switch (item)
                {
                    case string text:
                        parts.Add(QwenContentPart.FromText(text));
                        break;
                    case IDictionary<string, object?> map:
                        parts.Add(ReadPart(map));
                        break;
                    case QwenContentPart part:
                        parts.Add(part);
                        break;
                    default:
                        throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                            "A content part must be text or a map such as @{ text = '...' } or @{ image = 'https://...' }; got " + (item?.GetType().Name ?? "null") + ".");
                }
            }
            return parts;
        }

        private static QwenContentPart ReadPart(IDictionary<string, object?> map)
        {
            var type = Text(Find(map, "type"));
            // Documents by URL: {"type":"doc_url","doc_url":[...]} on the wire, DocumentUrls in History.
            if (string.Equals(type, QwenContentPart.DocumentUrlType, StringComparison.OrdinalIgnoreCase))
            {
                var urls = (Find(map, "doc_url") ?? Find(map, "documenturls")) as IList;
                return QwenContentPart.Documents(urls?.Cast<object?>().Select(url => Text(url) ?? string.Empty).ToList() ?? new List<string>(),
                    Text(Find(map, "file_parsing_strategy")));
            }
            // The model's own shape (Type, Text, Url, Frames, ...) as History holds it.
            if (type != null && (Find(map, "url") != null || Find(map, "frames") != null || Find(map, "text") != null))
            {
                return new QwenContentPart
                {
                    Type = type.ToLowerInvariant(),
                    Text = Text(Find(map, "text")),
                    Url = Text(Find(map, "url")),
                    Frames = (Find(map, "frames") as IList)?.Cast<object?>().Select(frame => Text(frame) ?? string.Empty).ToList(),
                    Source = Text(Find(map, "source")),
                    MinPixels = Number(Find(map, "min_pixels")),
                    MaxPixels = Number(Find(map, "max_pixels")),
                    EnableRotate = Find(map, "enable_rotate") as bool?,
                    Fps = Real(Find(map, "fps")),
                };
            }
            // The wire shape: {"text": ...} or {"image"|"video"|"audio": url or [frames]}.
            foreach (var kind in new[] { QwenContentPart.ImageType, QwenContentPart.VideoType, QwenContentPart.AudioType })
            {
                var value = Find(map, kind);
                if (value == null) continue;
                var part = value is IList frames && !(value is string)
                    ? QwenContentPart.VideoFrames(frames.Cast<object?>().Select(frame => Text(frame) ?? string.Empty).ToList())
                    : new QwenContentPart { Type = kind, Url = Text(value), Source = Text(value) };
                part.MinPixels = Number(Find(map, "min_pixels"));
                part.MaxPixels = Number(Find(map, "max_pixels"));
                part.EnableRotate = Find(map, "enable_rotate") as bool?;
                part.Fps = Real(Find(map, "fps"));
                return part;
            }
            if (Find(map, "text") is object text) return QwenContentPart.FromText(Text(text));
            throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                "A content part needs text, image, video or audio, e.g. @{ text = 'What is this?' } or @{ image = 'https://...' }.");
        }

        private static QwenToolCall ReadToolCall(object? item, int position)
        {
            if (item is QwenToolCall call) return call;
            if (!(item is IDictionary<string, object?> map))
                throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                    "A tool call must be a map such as @{ id = 'call_1'; type = 'function'; function = @{ name = 'get_weather'; arguments = '{}' } }.");
            var function = Find(map, "function") as IDictionary<string, object?> ?? map;
            var arguments = Find(function, "arguments");
            return new QwenToolCall
            {
                Index = Number(Find(map, "index")) ?? position,
                Id = Text(Find(map, "id")),
                Type = Text(Find(map, "type")) ?? "function",
                Name = Text(Find(function, "name")),
                // Arguments are JSON text on the wire; a map given by hand becomes that text.
                Arguments = arguments == null ? string.Empty : arguments as string ?? JsonText.Serialize(arguments),
            };
        }

        private static string JoinText(IList<QwenContentPart> parts)
        {
            var text = new StringBuilder();
            foreach (var part in parts)
            {
                if (!part.IsMedia) text.Append(part.Text);
            }
            return text.ToString();
        }

        /// <summary>The value of <paramref name="name"/> however the key is spelt (case, underscores: tool_call_id = ToolCallId).</summary>
        private static object? Find(IDictionary<string, object?> map, string name)
        {
            var squashed = Squash(name);
            foreach (var pair in map)
            {
                if (Squash(pair.Key) == squashed) return pair.Value;
            }
            return null;
        }

        private static string Squash(string name) => name.Replace("_", string.Empty).ToLowerInvariant();

        private static string? Text(object? value) => value == null ? null : value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture);

        private static int? Number(object? value) => value is IConvertible convertible && !(value is string) ? convertible.ToInt32(CultureInfo.InvariantCulture) : (int?)null;

        private static double? Real(object? value) => value is IConvertible convertible && !(value is string) ? convertible.ToDouble(CultureInfo.InvariantCulture) : (double?)null;
    }
}
