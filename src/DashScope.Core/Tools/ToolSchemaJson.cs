using System.Text.Json;
using DashScope.Json;

namespace DashScope.Tools
{
    /// <summary>Writes a tool as the request's tools entry: {"type":"function","function":{"name","description","parameters"}}.</summary>
    public static class ToolSchemaJson
    {
        public static void Write(Utf8JsonWriter writer, ToolDefinition tool)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "function");
            writer.WriteStartObject("function");
            writer.WriteString("name", tool.Name);
            if (!string.IsNullOrEmpty(tool.Description)) writer.WriteString("description", tool.Description);
            writer.WritePropertyName("parameters");
            JsonValueWriter.Write(writer, tool.Parameters);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        /// <summary>The tool's request entry as indented JSON text.</summary>
        public static string ToJson(ToolDefinition tool) => JsonText.ToText(writer => Write(writer, tool), indented: true);
    }
}
