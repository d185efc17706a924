using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using DashScope.Conversations;
using DashScope.Models;

namespace DashScope.Cmdlets
{
    /// <summary>
    /// Accepts chat messages as QwenChatMessage, hashtables or objects with Role and Content, in the form the service
    /// takes (role, content as text or parts, tool_calls, tool_call_id, name) or that of a QwenChatMessage: so the
    /// objects of ConvertFrom-Json of a saved conversation, and of a result's History after Import-Clixml, are messages.
    /// </summary>
    internal static class MessageConverter
    {
        public static QwenChatMessage From(object? item)
        {
            var value = item is PSObject wrapped ? wrapped.BaseObject : item;
            if (value is QwenChatMessage message) return message;
            if (value is IDictionary || (item is PSObject && !(value is string)))
            {
                return ConversationFile.ReadMessage(Fields(item!));
            }
            throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                "A message must be a hashtable like @{ role = 'user'; content = 'Hello' }; got " + (value?.GetType().Name ?? "null") + ".");
        }

        /// <summary>The fields of a hashtable or of any object's properties, as plain values.</summary>
        private static IDictionary<string, object?> Fields(object item)
        {
            if (PowerShellValue.ToPlain(item) is IDictionary<string, object?> plain) return plain;
            var fields = new Dictionary<string, object?>();
            foreach (var property in ((PSObject)item).Properties)
            {
                object? value;
                try
                {
                    value = property.Value;
                }
                catch (GetValueException)
                {
                    continue;
                }
                fields[property.Name] = PowerShellValue.ToPlain(value);
            }
            return fields;
        }
    }
}
