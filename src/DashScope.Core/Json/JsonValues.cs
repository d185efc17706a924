using System.Collections.Generic;
using System.Text.Json;

namespace DashScope.Json
{
    /// <summary>Small helpers to read DashScope JSON defensively: any level may be missing or of another type.</summary>
    public static class JsonValues
    {
        public static bool TryGet(this JsonElement element, string name, out JsonElement value)
        {
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out value)) return true;
            value = default;
            return false;
        }

        public static bool TryGet(this JsonElement element, byte[] utf8Name, out JsonElement value)
        {
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(utf8Name, out value)) return true;
            value = default;
            return false;
        }

        public static string? GetStringOrNull(this JsonElement element, byte[] utf8Name) =>
            element.TryGet(utf8Name, out var value) ? AsString(value) : null;

        public static string? GetStringOrNull(this JsonElement element, string name) =>
            element.TryGet(name, out var value) ? AsString(value) : null;

        private static string? AsString(JsonElement value)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String: return value.GetString();
                case JsonValueKind.Number:
                case JsonValueKind.True:
                case JsonValueKind.False: return value.GetRawText();
                default: return null;
            }
        }

        public static int? GetIntOrNull(this JsonElement element, string name)
        {
            if (!element.TryGet(name, out var value)) return null;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)) return number;
            if (value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), out number)) return number;
            return null;
        }

        public static double? GetDoubleOrNull(this JsonElement element, string name)
        {
            if (!element.TryGet(name, out var value)) return null;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number)) return number;
            return null;
        }

        /// <summary>Converts JSON into plain .NET values: dictionaries, lists, string, long, double, bool, null.</summary>
        public static object? ToPlainValue(this JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    var map = new Dictionary<string, object?>();
                    foreach (var property in element.EnumerateObject()) map[property.Name] = property.Value.ToPlainValue();
                    return map;
                case JsonValueKind.Array:
                    var list = new List<object?>(element.GetArrayLength());
                    foreach (var item in element.EnumerateArray()) list.Add(item.ToPlainValue());
                    return list;
                case JsonValueKind.String:
                    return element.GetString();
                case JsonValueKind.Number:
                    return element.TryGetInt64(out var whole) ? whole : (object)element.GetDouble();
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
