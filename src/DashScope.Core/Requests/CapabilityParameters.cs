using System.Collections.Generic;
using System;
using System.Text.Json;
using DashScope.Json;
using DashScope.Tools;

namespace DashScope.Requests
{
    /// <summary>Writes the choices, log-probability, translation, code-interpreter, search, tool and response-format members of "parameters".</summary>
    public static class CapabilityParameters
    {
        internal static void Write(Utf8JsonWriter writer, ChatRequest request, Func<string, bool> overridden)
        {
            if (request.Choices.HasValue && !overridden("n")) writer.WriteNumber("n", request.Choices.Value);
            if (request.LogProbabilities.HasValue && !overridden("logprobs")) writer.WriteBoolean("logprobs", request.LogProbabilities.Value);
            if (request.TopLogProbabilities.HasValue && !overridden("top_logprobs")) writer.WriteNumber("top_logprobs", request.TopLogProbabilities.Value);
            if (request.EnableCodeInterpreter.HasValue && !overridden("enable_code_interpreter")) writer.WriteBoolean("enable_code_interpreter", request.EnableCodeInterpreter.Value);
            if (request.Translation != null && !overridden("translation_options")) WriteTranslation(writer, request.Translation);
            if (request.EnableSearch.HasValue && !overridden("enable_search")) writer.WriteBoolean("enable_search", request.EnableSearch.Value);
            if (request.SearchOptions != null && request.SearchOptions.Count > 0 && !overridden("search_options"))
            {
                writer.WritePropertyName("search_options");
                JsonValueWriter.Write(writer, request.SearchOptions);
            }
            if (request.Tools != null && request.Tools.Count > 0 && !overridden("tools"))
            {
                writer.WriteStartArray("tools");
                foreach (var tool in request.Tools) ToolSchemaJson.Write(writer, tool);
                writer.WriteEndArray();
            }
            if (!string.IsNullOrEmpty(request.ToolChoice) && !overridden("tool_choice"))
            {
                if (request.ToolChoice == "auto" || request.ToolChoice == "none")
                {
                    writer.WriteString("tool_choice", request.ToolChoice);
                }
                else
                {
                    writer.WriteStartObject("tool_choice");
                    writer.WriteString("type", "function");
                    writer.WriteStartObject("function");
                    writer.WriteString("name", request.ToolChoice);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }
            }
            if (request.ParallelToolCalls.HasValue && !overridden("parallel_tool_calls")) writer.WriteBoolean("parallel_tool_calls", request.ParallelToolCalls.Value);
            if (!string.IsNullOrEmpty(request.ResponseFormat) && !overridden("response_format"))
            {
                writer.WriteStartObject("response_format");
                writer.WriteString("type", request.ResponseFormat);
                writer.WriteEndObject();
            }
        }
    
        private static void WriteTranslation(Utf8JsonWriter writer, TranslationOptions translation)
        {
            writer.WriteStartObject("translation_options");
            writer.WriteString("source_lang", translation.SourceLanguage);
            writer.WriteString("target_lang", translation.TargetLanguage);
            WriteTerms(writer, "terms", translation.Terms);
            WriteTerms(writer, "tm_list", translation.Memory);
            if (!string.IsNullOrEmpty(translation.Domain)) writer.WriteString("domains", translation.Domain);
            writer.WriteEndObject();
        }

        private static void WriteTerms(Utf8JsonWriter writer, string name, IReadOnlyList<TranslationTerm> terms)
        {
            if (terms.Count == 0) return;
            writer.WriteStartArray(name);
            foreach (var term in terms)
            {
                writer.WriteStartObject();
                writer.WriteString("source", term.Source);
                writer.WriteString("target", term.Target);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
    }
}
