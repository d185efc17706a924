using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace DashScope.Completion
{
    /// <summary>Text generation models.</summary>
    public sealed class ChatModelCompleter : SuggestionCompleter
    {
        private static readonly string[] Names =
        {
            "qwen-plus", "qwen-plus-latest", "qwen-max", "qwen-max-latest", "qwen-turbo", "qwen-turbo-latest",
            "qwen-flash", "qwen-long", "qwen-long-latest", "qwen3-max", "qwen3-max-preview", "qwen3.5-plus",
            "qwen3.6-plus", "qwen3-coder-plus", "qwen3-coder-flash", "qwq-plus", "qwen-mt-plus", "qwen-mt-turbo",
            "qwen-doc-turbo", "qwen-deep-research", "qwen-plus-character", "deepseek-v3", "deepseek-r1", "deepseek-v4-pro",
        };

        protected override IReadOnlyList<string> Suggestions => Names;
    }
}
