using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace DashScope.Cmdlets
{
    /// <summary>
    /// Between PowerShell values and the core's plain values (dictionaries, lists, strings, numbers, booleans): what
    /// users give (hashtables, PSCustomObject, arrays, PSObject-wrapped values) goes in plain; plain values decoded from
    /// JSON come out as ConvertFrom-Json would give them (PSCustomObject, object[]).
    /// </summary>
    internal static class PowerShellValue
    {
        /// <summary>A PowerShell value as plain values for the core.</summary>
        public static object? ToPlain(object? value)
        {
            if (value is PSObject wrapped)
            {
                if (wrapped.BaseObject is PSCustomObject)
                {
                    var map = new Dictionary<string, object?>();
                    foreach (var property in wrapped.Properties) map[property.Name] = ToPlain(property.Value);
                    return map;
                }
                value = wrapped.BaseObject;
            }
            switch (value)
            {
                case null:
                    return null;
                case string _:
                    return value;
                case IDictionary dictionary:
                    var result = new Dictionary<string, object?>();
                    foreach (DictionaryEntry entry in dictionary) result[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = ToPlain(entry.Value);
                    return result;
                case IEnumerable sequence:
                    var list = new List<object?>();
                    foreach (var item in sequence) list.Add(ToPlain(item));
                    return list;
                default:
                    return value;
            }
        }

        /// <summary>
        /// Copies the entries of a hashtable parameter (-AdditionalParameters, -SearchOptions) into <paramref name="target"/>:
        /// keys as invariant text, values plain; a key already there is overwritten. Nothing when <paramref name="source"/> is null.
        /// </summary>
        public static void CopyInto(IDictionary? source, IDictionary<string, object?> target)
        {
            if (source == null) return;
            foreach (DictionaryEntry entry in source)
            {
                target[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = ToPlain(entry.Value);
            }
        }

        /// <summary>Plain values as PowerShell shows JSON: dictionaries as PSCustomObject (keys in order), lists as object[].</summary>
        public static object? FromPlain(object? value)
        {
            switch (value)
            {
                case IDictionary<string, object?> map:
                    var item = new PSObject();
                    foreach (var pair in map) item.Properties.Add(new PSNoteProperty(pair.Key, FromPlain(pair.Value)));
                    return item;
                case IList<object?> list:
                    var items = new object?[list.Count];
                    for (var i = 0; i < list.Count; i++) items[i] = FromPlain(list[i]);
                    return items;
                default:
                    return value;
            }
        }
    }
}
