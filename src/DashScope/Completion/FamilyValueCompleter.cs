using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using DashScope.Catalog;

namespace DashScope.Completion
{
    /// <summary>
    /// Suggests values the family of the -Model typed so far knows (voices, sizes, dimensions, languages), or the family of
    /// the command's default model; any other value is still accepted.
    /// </summary>
    public abstract class FamilyValueCompleter : IArgumentCompleter
    {
        private readonly string _kind;

        protected FamilyValueCompleter(string kind)
        {
            _kind = kind;
        }

        protected abstract IEnumerable<string> ValuesOf(ModelFamily family);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var model = fakeBoundParameters?["Model"] is { } bound ? Convert.ToString(bound, CultureInfo.InvariantCulture) : null;
            var catalog = ModelCatalog.Default;
            var family = catalog.Find(string.IsNullOrEmpty(model) ? catalog.DefaultModel(_kind) : model);
            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            foreach (var value in ValuesOf(family).Where(value => value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                // Sizes such as 1024*1024 are quoted, or PowerShell would read them as a multiplication.
                var text = value.IndexOfAny(new[] { '*', ' ' }) >= 0 ? "'" + value + "'" : value;
                yield return new CompletionResult(text, value, CompletionResultType.ParameterValue, value);
            }
        }
    }
}
