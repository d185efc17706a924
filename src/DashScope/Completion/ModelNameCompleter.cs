using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace DashScope.Completion
{
    /// <summary>Suggests model names for -Model; any other name is still accepted.</summary>
    public abstract class ModelNameCompleter : IArgumentCompleter
    {
        protected abstract IReadOnlyList<string> Models { get; }

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            foreach (var model in Models)
            {
                if (model.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                    yield return new CompletionResult(model, model, CompletionResultType.ParameterValue, model);
            }
        }
    }

    /// <summary>Text generation models.</summary>
    public sealed class ChatModelCompleter : ModelNameCompleter
    {
        private static readonly string[] Names =
        {
            "qwen-plus", "qwen-plus-latest", "qwen-max", "qwen-max-latest", "qwen-turbo", "qwen-turbo-latest",
            "qwen-flash", "qwen-long", "qwen-long-latest", "qwen3-max", "qwen3-max-preview", "qwen3.5-plus",
            "qwen3.6-plus", "qwen3-coder-plus", "qwen3-coder-flash", "qwq-plus", "qwen-mt-plus", "qwen-mt-turbo",
            "qwen-doc-turbo", "qwen-deep-research", "qwen-plus-character", "deepseek-v3", "deepseek-r1", "deepseek-v4-pro",
        };

        protected override IReadOnlyList<string> Models => Names;
    }
}
