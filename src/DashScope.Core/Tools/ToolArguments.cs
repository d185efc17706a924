using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace DashScope.Tools
{
    /// <summary>
    /// Turns a tool call's JSON arguments into the parameters to bind, refusing anything the tool's schema does not
    /// offer (an excluded parameter stays excluded whatever the model sends) and reporting missing required ones.
    /// </summary>
    public static class ToolArguments
    {
        /// <summary>Parses and checks the arguments; on failure returns null and a message for the model.</summary>
        public static Hashtable? Bind(ToolDefinition tool, string? json, out string? error)
        {
            error = null;
            var bound = new Hashtable(StringComparer.OrdinalIgnoreCase);
            var text = string.IsNullOrWhiteSpace(json) ? "{}" : json!.Trim();
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text);
            }
            catch (JsonException exception)
            {
                error = "The arguments are not valid JSON (" + exception.Message + "). Send a JSON object such as {\"Name\": \"value\"}.";
                return null;
            }
            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    error = "The arguments must be a JSON object, not " + document.RootElement.ValueKind + ".";
                    return null;
                }
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    var name = tool.AllowedParameters.FirstOrDefault(p => string.Equals(p, property.Name, StringComparison.OrdinalIgnoreCase));
                    if (name == null)
                    {
                        error = "The tool '" + tool.Name + "' has no parameter '" + property.Name + "'. Its parameters: " +
                                (tool.AllowedParameters.Count == 0 ? "(none)" : string.Join(", ", tool.AllowedParameters)) + ".";
                        return null;
                    }
                    if (property.Value.ValueKind == JsonValueKind.Null) continue;
                    var value = ToValue(property.Value);
                    if (tool.SwitchParameters.Contains(name, StringComparer.OrdinalIgnoreCase))
                    {
                        if (!(value is bool flag))
                        {
                            error = "The parameter '" + name + "' is a switch: send true or false.";
                            return null;
                        }
                        if (!flag) continue;
                    }
                    bound[name] = value;
                }
            }
            var missing = RequiredOf(tool).Where(required => !bound.ContainsKey(required)).ToList();
            if (missing.Count > 0)
            {
                error = "Missing required parameter(s): " + string.Join(", ", missing) + ".";
                return null;
            }
            return bound;
        }

        private static IEnumerable<string> RequiredOf(ToolDefinition tool)
        {
            if (tool.Parameters.TryGetValue("required", out var required) && required is IEnumerable list && !(required is string))
            {
                foreach (var item in list)
                {
                    if (item is string name) yield return name;
                }
            }
        }

        private static object? ToValue(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String: return element.GetString();
                case JsonValueKind.True: return true;
                case JsonValueKind.False: return false;
                case JsonValueKind.Number:
                    if (element.TryGetInt32(out var small)) return small;
                    if (element.TryGetInt64(out var large)) return large;
                    return element.GetDouble();
                case JsonValueKind.Array:
                    return element.EnumerateArray().Select(ToValue).ToArray();
                case JsonValueKind.Object:
                    var map = new Hashtable(StringComparer.OrdinalIgnoreCase);
                    foreach (var property in element.EnumerateObject()) map[property.Name] = ToValue(property.Value);
                    return map;
                default:
                    return null;
            }
        }

        /// <summary>How the call reads as a PowerShell command line, e.g. Get-Weather -City 'Hangzhou' -Days 3.</summary>
        public static string CommandLine(string command, IDictionary arguments)
        {
            var line = new StringBuilder(command);
            foreach (var key in arguments.Keys.Cast<object>().Select(k => k.ToString()).OrderBy(k => k, StringComparer.OrdinalIgnoreCase))
            {
                var value = arguments[key!];
                line.Append(" -").Append(key);
                if (value is bool flag)
                {
                    line.Append(flag ? string.Empty : ":$false");
                    continue;
                }
                line.Append(' ').Append(Literal(value));
            }
            return line.ToString();
        }

        private static string Literal(object? value)
        {
            switch (value)
            {
                case null: return "$null";
                case string text: return "'" + text.Replace("'", "''") + "'";
                case bool flag: return flag ? "$true" : "$false";
                case int _:
                case long _:
                case double _:
                    return Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
                case IDictionary map:
                    return "@{ " + string.Join("; ", map.Keys.Cast<object>().Select(k => k + " = " + Literal(map[k]))) + " }";
                case IEnumerable list:
                    var items = list.Cast<object?>().Select(Literal).ToList();
                    return items.Count == 0 ? "@()" : string.Join(", ", items);
                default:
                    return "'" + Convert.ToString(value, CultureInfo.InvariantCulture) + "'";
            }
        }
    }
}
