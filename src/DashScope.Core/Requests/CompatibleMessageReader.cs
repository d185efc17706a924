using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using DashScope.Json;
using DashScope.Models;

namespace DashScope.Requests
{
    /// <summary>
    /// Reads the messages of an OpenAI-compatible body back (a batch input line), so a result carries the conversation
    /// it answers: content as a string or as parts (text, image_url, input_audio, video_url, video), tool calls, tool
    /// answers, names.
    /// </summary>
    internal static class CompatibleMessageReader
    {
        public static List<QwenChatMessage> ReadAll(JsonElement messages)
        {
            var list = new List<QwenChatMessage>(messages.ValueKind == JsonValueKind.Array ? messages.GetArrayLength() : 0);
            if (messages.ValueKind != JsonValueKind.Array) return list;
            foreach (var message in messages.EnumerateArray())
            {
                if (message.ValueKind == JsonValueKind.Object) list.Add(Read(message));
            }
            return list;
        }

        public static QwenChatMessage Read(JsonElement message)
        {
            var result = new QwenChatMessage(message.GetStringOrNull("role") ?? "user", null)
            {
                ReasoningContent = message.GetStringOrNull("reasoning_content"),
                ToolCallId = message.GetStringOrNull("tool_call_id"),
                Name = message.GetStringOrNull("name"),
                Partial = message.TryGet("partial", out var partial) && partial.ValueKind == JsonValueKind.True,
            };
            if (message.TryGet("content", out var content))
            {
                if (content.ValueKind == JsonValueKind.String) result.Content = content.GetString();
                else if (content.ValueKind == JsonValueKind.Array) ReadParts(content, result);
            }
            if (message.TryGet("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() > 0)
            {
                result.ToolCalls = new List<QwenToolCall>();
                foreach (var call in calls.EnumerateArray())
                {
                    call.TryGet("function", out var function);
                    result.ToolCalls.Add(new QwenToolCall
                    {
                        Index = call.GetIntOrNull("index") ?? result.ToolCalls.Count,
                        Id = call.GetStringOrNull("id"),
                        Type = call.GetStringOrNull("type") ?? "function",
                        Name = function.GetStringOrNull("name"),
                        Arguments = function.GetStringOrNull("arguments") ?? string.Empty,
                    });
                }
            }
            return result;
        }

        private static void ReadParts(JsonElement content, QwenChatMessage message)
        {
            var parts = new List<QwenContentPart>();
            var text = new StringBuilder();
            foreach (var part in content.EnumerateArray())
            {
                switch (part.GetStringOrNull("type"))
                {
                    case "text":
                        var piece = part.GetStringOrNull("text") ?? string.Empty;
                        text.Append(piece);
                        parts.Add(QwenContentPart.FromText(piece));
                        break;
                    case "image_url":
                        parts.Add(QwenContentPart.Image(UrlOf(part, "image_url")));
                        break;
                    case "input_audio":
                        parts.Add(QwenContentPart.Audio(part.TryGet("input_audio", out var audio) ? audio.GetStringOrNull("data") ?? string.Empty : string.Empty));
                        break;
                    case "video_url":
                        parts.Add(QwenContentPart.Video(UrlOf(part, "video_url")));
                        break;
                    case "video" when part.TryGet("video", out var frames) && frames.ValueKind == JsonValueKind.Array:
                        var list = new List<string>();
                        foreach (var frame in frames.EnumerateArray()) list.Add(frame.GetString() ?? string.Empty);
                        parts.Add(QwenContentPart.VideoFrames(list));
                        break;
                }
            }
            message.Parts = parts;
            message.Content = text.ToString();
        }

        private static string UrlOf(JsonElement part, string name)
        {
            if (!part.TryGet(name, out var value)) return string.Empty;
            return value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : value.GetStringOrNull("url") ?? string.Empty;
        }
    }
}
