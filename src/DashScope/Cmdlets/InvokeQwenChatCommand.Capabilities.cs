using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text.Json;
using DashScope.Execution;
using DashScope.Json;
using DashScope.Models;
using DashScope.Requests;

namespace DashScope.Cmdlets
{
    // What only Invoke-QwenChat asks for: several choices, log-probabilities, translation, the code interpreter and
    // structured output. (A plain comment: the class's documentation, which the help is generated from, is in
    // InvokeQwenChatCommand.cs.)
    [OutputType(typeof(QwenResearchRecord), typeof(PSObject))]
    public sealed partial class InvokeQwenChatCommand
    {
        /// <summary>
        /// The answer format (response_format): JsonObject makes the model answer with one JSON object. The service
        /// requires the word JSON in the messages; when no message mentions it, a short system message asking for JSON is
        /// added (see -Verbose). Text is the normal format.
        /// </summary>
        [Parameter]
        public QwenResponseFormat? ResponseFormat { get; set; }

        /// <summary>
        /// Returns the answer parsed from JSON (as ConvertFrom-Json does: PSCustomObject, arrays, numbers) instead of
        /// the result object; implies -ResponseFormat JsonObject. An answer that is not valid JSON is an error
        /// (DashScope.InvalidJson) whose TargetObject is the result with the raw text.
        /// </summary>
        [Parameter]
        public SwitchParameter AsObject { get; set; }

        /// <summary>
        /// How many answers to generate, 1 to 4 (n). The result's Choices holds all of them (index, text, reasoning,
        /// finish reason, tool calls), its Text the first; streamed records carry the choice they belong to
        /// (ChoiceIndex). The service supports several choices only for some models (qwen-plus, Qwen3 without thinking)
        /// and never together with tools.
        /// </summary>
        [Parameter]
        [ValidateRange(1, 4)]
        public int? Choices { get; set; }

        /// <summary>
        /// Returns each token of the answer with its log-probability (logprobs), on the result's LogProbabilities (and
        /// each choice's): Token, LogProbability, Probability, Bytes and, with -TopLogProbabilities, TopAlternatives.
        /// </summary>
        [Parameter]
        public SwitchParameter LogProbabilities { get; set; }

        /// <summary>How many of the most likely alternatives to return for each token, 0 to 5 (top_logprobs); implies -LogProbabilities.</summary>
        [Parameter]
        [ValidateRange(0, 5)]
        public int? TopLogProbabilities { get; set; }

        /// <summary>
        /// Translates the prompt into this language (translation_options of the qwen-mt models; the model defaults to
        /// one of them): an English language name such as English, Chinese, Japanese, or a code such as en, zh, ja.
        /// Each piped line is translated on its own, so Get-Content doc.txt | Invoke-QwenChat -TargetLanguage English
        /// -ThrottleLimit 8 translates a file line by line, in order.
        /// </summary>
        [Parameter]
        [ArgumentCompleter(typeof(DashScope.Completion.LanguageCompleter))]
        [ValidateNotNullOrEmpty]
        public string? TargetLanguage { get; set; }

        /// <summary>The language of the text (source_lang); auto (the default) detects it. Used with -TargetLanguage.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(DashScope.Completion.LanguageCompleter))]
        [ValidateNotNullOrEmpty]
        public string? SourceLanguage { get; set; }

        /// <summary>Terms to translate a fixed way, as @{ source = target }, e.g. @{ '博客园' = 'cnblogs' } (terms). Used with -TargetLanguage.</summary>
        [Parameter]
        [ValidateNotNull]
        public IDictionary? Term { get; set; }

        /// <summary>Sentences translated before, as @{ source = target }, for the model to follow (tm_list). Used with -TargetLanguage.</summary>
        [Parameter]
        [ValidateNotNull]
        public IDictionary? TranslationMemory { get; set; }

        /// <summary>The domain and style of the text, in English, e.g. 'Legal contracts; formal tone.' (domains). Used with -TargetLanguage.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Domain { get; set; }

        /// <summary>
        /// Lets the model write and run code to work out its answer (enable_code_interpreter; qwen3-max, Qwen3.5 and
        /// later). Thinking is turned on and the call streams, as the service requires. The code that ran is on the
        /// result's CodeRuns (and on the stream record that first reports it).
        /// </summary>
        [Parameter]
        public SwitchParameter EnableCodeInterpreter { get; set; }

        private bool JsonRequested => AsObject.IsPresent || ResponseFormat == QwenResponseFormat.JsonObject;

        /// <summary>-AsObject: the answer parsed from JSON, as ConvertFrom-Json gives it; an answer that is not JSON is an error.</summary>
        private static object? ParseJsonAnswer(QwenChatResult result, IWorkSink sink)
        {
            try
            {
                return PowerShellValue.FromPlain(JsonText.ParseAnswer(result.Text));
            }
            catch (JsonException exception)
            {
                sink.Error(new DashScopeException(DashScopeErrorKind.Protocol,
                    "The model's answer is not valid JSON (" + exception.Message + "). The result with the raw text is the error's TargetObject.", exception)
                { ErrorId = "InvalidJson" }, result);
                return null;
            }
        }

        private bool TranslationRequested => TargetLanguage != null;

        /// <summary>translation_options from -TargetLanguage and its companions; null without -TargetLanguage.</summary>
        private TranslationOptions? BuildTranslation()
        {
            if (!TranslationRequested) return null;
            return new TranslationOptions
            {
                SourceLanguage = SourceLanguage ?? "auto",
                TargetLanguage = TargetLanguage!,
                Terms = Pairs(Term),
                Memory = Pairs(TranslationMemory),
                Domain = Domain,
            };
        }

        private static List<TranslationTerm> Pairs(IDictionary? map)
        {
            var pairs = new List<TranslationTerm>();
            if (map == null) return pairs;
            foreach (DictionaryEntry entry in map)
            {
                var target = entry.Value is PSObject wrapped ? wrapped.BaseObject : entry.Value;
                pairs.Add(new TranslationTerm(Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
                    Convert.ToString(target, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty));
            }
            return pairs;
        }
    }
}
