using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text.Json;

namespace DashScope.Cmdlets
{
    /// <summary>JSON text → PSCustomObject / object[] / scalars, as ConvertFrom-Json gives them (integers as Int64).</summary>
    internal static class JsonObjectConverter
    {
        /// <summary>Parses the model's JSON answer; a ```json fence around it is tolerated. Throws JsonException when invalid.</summary>
        public static object? Parse(string text)
        {
            var json = StripFence(text);
            using (var document = JsonDocument.Parse(json))
            {
                return Convert(document.RootElement);
            }
        }

        internal static string StripFence(string text)
        {
            var trimmed = (text ?? string.Empty).Trim();
            if (!trimmed.StartsWith("```", StringComparison.Ordinal)) return trimmed;
            var firstLine = trimmed.IndexOf('\n');
            if (firstLine < 0) return trimmed;
            var body = trimmed.Substring(firstLine + 1);
            var end = body.LastIndexOf("```", StringComparison.Ordinal);
            return (end >= 0 ? body.Substring(0, end) : body).Trim();
        }

        private static object? Convert(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    var item = new PSObject();
                    foreach (var property in element.EnumerateObject())
                    {
                        item.Properties.Add(new PSNoteProperty(property.Name, Convert(property.Value)));
                    }
                    return item;
                case JsonValueKind.Array:
                    var list = new List<object?>();
                    foreach (var value in element.EnumerateArray()) list.Add(Convert(value));
                    return list.ToArray();
                case JsonValueKind.String:
                    return element.GetString();
                case JsonValueKind.Number:
                    if (element.TryGetInt64(out var whole)) return whole;
                    if (element.TryGetDecimal(out var exact) && !element.GetRawText().Contains("e") && !element.GetRawText().Contains("E")) return (double)exact;
                    return element.GetDouble();
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                default:
                    return null;
            }
        }
    }
}
