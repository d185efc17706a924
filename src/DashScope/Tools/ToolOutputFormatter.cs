using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Text.Json;
using DashScope.Json;

namespace DashScope.Tools
{
    /// <summary>
    /// Turns what a command wrote into the text of a tool message: strings and numbers as lines; objects as JSON with
    /// the properties the console would show (the type's default display set) or all properties, nested values as
    /// text; errors as "ERROR: ..." lines. Long output is cut, saying so.
    /// </summary>
    public static class ToolOutputFormatter
    {
        public const int DefaultMaximumLength = 20000;
        private const int MaximumItems = 200;
        private const int MaximumNestedItems = 20;

        public static string Format(IList<object?> output, IList<string> errors, int maximumLength = DefaultMaximumLength)
        {
            var text = new StringBuilder();
            var values = output.Where(item => item != null).ToList();
            if (values.Count > 0)
            {
                if (values.All(IsScalar))
                {
                    foreach (var value in values.Take(MaximumItems * 10)) text.Append(ScalarText(Base(value))).Append('\n');
                }
                else
                {
                    text.Append(ToJson(values)).Append('\n');
                }
            }
            foreach (var error in errors) text.Append("ERROR: ").Append(error).Append('\n');
            if (text.Length == 0) return "(the command completed and wrote no output)";
            var result = text.ToString().TrimEnd('\n');
            if (result.Length > maximumLength)
                result = result.Substring(0, maximumLength) + "\n... (output cut at " + maximumLength + " of " + result.Length + " characters)";
            return result;
        }

        private static object? Base(object? value) => value is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : value;

        private static bool IsScalar(object? value)
        {
            var plain = Base(value);
            return plain is string || plain is char || plain is bool || plain is Enum || plain is DateTime || plain is DateTimeOffset ||
                   plain is Guid || plain is Uri || plain is TimeSpan || plain is Version || (plain != null && plain.GetType().IsPrimitive) || plain is decimal;
        }

        private static string ScalarText(object? value)
        {
            switch (value)
            {
                case DateTime time: return time.ToString("o", CultureInfo.InvariantCulture);
                case DateTimeOffset offset: return offset.ToString("o", CultureInfo.InvariantCulture);
                case bool flag: return flag ? "true" : "false";
                default: return Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
            }
        }

        private static string ToJson(List<object?> values)
        {
            using (var buffer = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(buffer, JsonText.WriterOptions))
                {
                    if (values.Count == 1)
                    {
                        WriteValue(writer, values[0], 0);
                    }
                    else
                    {
                        writer.WriteStartArray();
                        foreach (var value in values.Take(MaximumItems)) WriteValue(writer, value, 0);
                        if (values.Count > MaximumItems) writer.WriteStringValue("... " + (values.Count - MaximumItems) + " more objects");
                        writer.WriteEndArray();
                    }
                }
                return Encoding.UTF8.GetString(buffer.ToArray());
            }
        }

        private static void WriteValue(Utf8JsonWriter writer, object? value, int depth)
        {
            var plain = Base(value);
            if (plain == null || IsScalar(plain))
            {
                // Scalars as plain JSON values (other scalar types such as Guid, Uri, TimeSpan: their invariant text).
                JsonValueWriter.Write(writer, plain);
                return;
            }
            if (depth >= 2)
            {
                writer.WriteStringValue(Convert.ToString(plain, CultureInfo.InvariantCulture));
                return;
            }
            if (plain is IDictionary map)
            {
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in map)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty);
                    WriteValue(writer, entry.Value, depth + 1);
                }
                writer.WriteEndObject();
                return;
            }
            if (plain is IEnumerable sequence && !(value is PSObject custom && custom.BaseObject is PSCustomObject))
            {
                writer.WriteStartArray();
                var count = 0;
                foreach (var item in sequence)
                {
                    if (++count > MaximumNestedItems)
                    {
                        writer.WriteStringValue("...");
                        break;
                    }
                    WriteValue(writer, item, depth + 1);
                }
                writer.WriteEndArray();
                return;
            }
            var shell = value as PSObject ?? PSObject.AsPSObject(plain);
            writer.WriteStartObject();
            foreach (var property in DisplayProperties(shell))
            {
                object? propertyValue;
                try
                {
                    propertyValue = property.Value;
                }
                catch (Exception)
                {
                    continue;
                }
                writer.WritePropertyName(property.Name);
                WriteValue(writer, propertyValue, depth + 1);
            }
            writer.WriteEndObject();
        }

        /// <summary>The type's default display properties when it defines them (as the console shows it), else all properties.</summary>
        private static IEnumerable<PSPropertyInfo> DisplayProperties(PSObject item)
        {
            List<string>? names = null;
            try
            {
                if (item.Members["PSStandardMembers"]?.Value is PSMemberSet standard &&
                    standard.Members["DefaultDisplayPropertySet"]?.Value is PSPropertySet display)
                {
                    names = display.ReferencedPropertyNames.ToList();
                }
            }
            catch (Exception)
            {
                names = null;
            }
            if (names != null && names.Count > 0)
            {
                foreach (var name in names)
                {
                    var property = item.Properties[name];
                    if (property != null) yield return property;
                }
                yield break;
            }
            foreach (var property in item.Properties) yield return property;
        }
    }
}
