using System;
using System.Text.Json;
using DashScope.Json;
using DashScope.Tools;

namespace DashScope.Requests
{
    /// <summary>Writes the search, tool and response-format members of "parameters".</summary>
    public static class CapabilityParameters
    {
        internal static void Write(Utf8JsonWriter writer, ChatRequest request, Func<string, bool> overridden)
        {
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
    }
}
