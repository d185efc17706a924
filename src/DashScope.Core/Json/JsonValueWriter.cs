using System;
using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace DashScope.Json
{
    /// <summary>Writes plain .NET values (the escape-hatch parameters) as JSON.</summary>
    public static class JsonValueWriter
    {
        public static void Write(Utf8JsonWriter writer, object? value)
        {
            switch (value)
            {
                case null:
                    writer.WriteNullValue();
                    return;
                case string text:
                    writer.WriteStringValue(text);
                    return;
                case bool flag:
                    writer.WriteBooleanValue(flag);
                    return;
                case char character:
                    writer.WriteStringValue(character.ToString());
                    return;
                case int _:
                case long _:
                case short _:
                case byte _:
                case sbyte _:
                case ushort _:
                case uint _:
                    writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    return;
                case ulong unsigned:
                    writer.WriteNumberValue(unsigned);
                    return;
                case float single:
                    writer.WriteNumberValue(single);
                    return;
                case double real:
                    writer.WriteNumberValue(real);
                    return;
                case decimal exact:
                    writer.WriteNumberValue(exact);
                    return;
                case Enum enumeration:
                    writer.WriteStringValue(enumeration.ToString());
                    return;
                case DateTime time:
                    writer.WriteStringValue(time.ToString("o", CultureInfo.InvariantCulture));
                    return;
                case DateTimeOffset offsetTime:
                    writer.WriteStringValue(offsetTime.ToString("o", CultureInfo.InvariantCulture));
                    return;
                case JsonElement element:
                    element.WriteTo(writer);
                    return;
                case IDictionary map:
                    writer.WriteStartObject();
                    foreach (DictionaryEntry entry in map)
                    {
                        writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty);
                        Write(writer, entry.Value);
                    }
                    writer.WriteEndObject();
                    return;
                case IEnumerable sequence:
                    writer.WriteStartArray();
                    foreach (var item in sequence) Write(writer, item);
                    writer.WriteEndArray();
                    return;
                default:
                    writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                    return;
            }
        }
    }
}
