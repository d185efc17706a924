using System;
using System.Collections;
using System.Globalization;
using System.IO;
using System.Management.Automation;

namespace DashScope.Cmdlets
{
    /// <summary>
    /// The text of a pipeline input for the commands that take texts (embeddings, rerank): a string or number as it is, or
    /// with -Property the named property (or hashtable key) of an object; for files (Get-ChildItem output) -Property
    /// Content reads the file as UTF-8.
    /// </summary>
    internal static class InputText
    {
        /// <summary>Files read for -Property Content may be at most this large.</summary>
        public const long MaxFileBytes = 16L * 1024 * 1024;

        /// <summary>The text, or an InvalidInput exception saying what to give instead.</summary>
        public static string Of(object? input, string? property)
        {
            var value = input is PSObject wrapped ? wrapped.BaseObject : input;
            if (value == null) throw Invalid("The input is null; give a text.");
            if (string.IsNullOrEmpty(property))
            {
                if (value is string text) return text;
                if (value is ValueType) return Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
                throw Invalid("The input is a " + value.GetType().Name + ", not a text. Name the property that holds its text with -Property" +
                              (value is FileInfo ? " (-Property Content reads the file)." : "."));
            }
            if (value is IDictionary dictionary)
            {
                if (dictionary.Contains(property!)) return TextOfValue(dictionary[property!], property!);
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (string.Equals(System.Convert.ToString(entry.Key, CultureInfo.InvariantCulture), property, StringComparison.OrdinalIgnoreCase))
                        return TextOfValue(entry.Value, property!);
                }
                throw Invalid("The hashtable has no key '" + property + "'.");
            }
            var member = PSObject.AsPSObject(input).Properties[property!];
            if (member != null) return TextOfValue(member.Value, property!);
            if (value is FileInfo file && string.Equals(property, "Content", StringComparison.OrdinalIgnoreCase)) return ReadFile(file);
            throw Invalid("The " + value.GetType().Name + " input has no property '" + property + "'.");
        }

        private static string TextOfValue(object? value, string property)
        {
            if (value == null) throw Invalid("The property '" + property + "' of the input is empty.");
            return LanguagePrimitives.ConvertTo<string>(value) ?? string.Empty;
        }

        private static string ReadFile(FileInfo file)
        {
            if (!file.Exists) throw Invalid("The file '" + file.FullName + "' does not exist.");
            if (file.Length > MaxFileBytes)
                throw Invalid("The file '" + file.FullName + "' is " + file.Length.ToString("N0", CultureInfo.InvariantCulture) +
                              " bytes; split it into texts the model takes (Get-Content reads it line by line).");
            try
            {
                return File.ReadAllText(file.FullName, System.Text.Encoding.UTF8);
            }
            catch (Exception failure) when (failure is IOException || failure is UnauthorizedAccessException)
            {
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "Could not read '" + file.FullName + "': " + failure.Message, failure);
            }
        }

        private static DashScopeException Invalid(string message) => new DashScopeException(DashScopeErrorKind.InvalidInput, message);
    }
}
