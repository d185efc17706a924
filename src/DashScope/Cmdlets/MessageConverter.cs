using System.Collections.Generic;
using System.Management.Automation;
using DashScope.Models;
using DashScope.Requests;

namespace DashScope.Cmdlets
{
    /// <summary>Accepts chat messages as QwenChatMessage objects, hashtables or objects with Role and Content (every field kept).</summary>
    internal static class MessageConverter
    {
        public static QwenChatMessage From(object? item)
        {
            var value = item is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : item;
            if (value is QwenChatMessage message) return message;
            if (PowerShellValue.ToPlain(value) is IDictionary<string, object?> map) return MessageReader.Read(map);
            throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                "A message must be a hashtable like @{ role = 'user'; content = 'Hello' }; got " + (value?.GetType().Name ?? "null") + ".");
        }
    }
}
