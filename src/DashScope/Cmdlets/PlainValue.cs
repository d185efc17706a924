using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace DashScope.Cmdlets
{
    /// <summary>Unwraps PowerShell values (PSObject, hashtables, PSCustomObject, arrays) into plain .NET values for the core.</summary>
    internal static class PlainValue
    {
        public static object? From(object? value)
        {
            if (value is PSObject wrapped)
            {
                if (wrapped.BaseObject is PSCustomObject)
                {
                    var map = new Dictionary<string, object?>();
                    foreach (var property in wrapped.Properties) map[property.Name] = From(property.Value);
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
                    foreach (DictionaryEntry entry in dictionary) result[entry.Key?.ToString() ?? string.Empty] = From(entry.Value);
                    return result;
                case IEnumerable sequence:
                    var list = new List<object?>();
                    foreach (var item in sequence) list.Add(From(item));
                    return list;
                default:
                    return value;
            }
        }

        /// <summary>
        /// Copies the entries of a hashtable parameter (-AdditionalParameters, -SearchOptions) into <paramref name="target"/>:
        /// keys as invariant text, values unwrapped; a key already there is overwritten. Nothing when <paramref name="source"/> is null.
        /// </summary>
        public static void CopyInto(IDictionary? source, IDictionary<string, object?> target)
        {
            if (source == null) return;
            foreach (DictionaryEntry entry in source)
            {
                target[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = From(entry.Value);
            }
        }
    }
}
