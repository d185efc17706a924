using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace DashScope.Completion
{
    /// <summary>Suggests values that start with what was typed (model names, strategies, languages); any other value is still accepted.</summary>
    public abstract class SuggestionCompleter : IArgumentCompleter
    {
        protected abstract IReadOnlyList<string> Suggestions { get; }

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            foreach (var value in Suggestions)
            {
                if (value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                    yield return new CompletionResult(value, value, CompletionResultType.ParameterValue, value);
            }
        }
    }
}
