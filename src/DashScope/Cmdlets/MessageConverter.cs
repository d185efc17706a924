using System;
using System.Collections;
using System.Management.Automation;
using DashScope.Models;

namespace DashScope.Cmdlets
{
    /// <summary>Accepts chat messages as QwenChatMessage, hashtables or objects with Role and Content.</summary>
    internal static class MessageConverter
    {
        public static QwenChatMessage From(object? item)
        {
            var value = item is PSObject wrapped ? wrapped.BaseObject : item;
            if (value is QwenChatMessage message) return message;
            if (value is IDictionary map)
            {
                return Build(Lookup(map, "role"), Lookup(map, "content"), Lookup(map, "tool_call_id") ?? Lookup(map, "ToolCallId"), Lookup(map, "name"));
            }
            if (item is PSObject objectWithProperties)
            {
                return Build(Property(objectWithProperties, "Role"), Property(objectWithProperties, "Content"),
                    Property(objectWithProperties, "ToolCallId"), Property(objectWithProperties, "Name"));
            }
            throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                "A message must be a hashtable like @{ role = 'user'; content = 'Hello' }; got " + (value?.GetType().Name ?? "null") + ".");
        }

        private static QwenChatMessage Build(string? role, string? content, string? toolCallId, string? name)
        {
            role = role?.Trim().ToLowerInvariant();
            if (!QwenChatMessage.IsKnownRole(role))
                throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                    "A message has the role '" + role + "'. Use system, user, assistant or tool.");
            return new QwenChatMessage(role!, content) { ToolCallId = toolCallId, Name = name };
        }

        private static string? Lookup(IDictionary map, string key)
        {
            foreach (DictionaryEntry entry in map)
            {
                if (string.Equals(entry.Key?.ToString(), key, StringComparison.OrdinalIgnoreCase))
                    return entry.Value is PSObject wrapped ? wrapped.BaseObject?.ToString() : entry.Value?.ToString();
            }
            return null;
        }

        private static string? Property(PSObject item, string name) => item.Properties[name]?.Value?.ToString();
    }
}
