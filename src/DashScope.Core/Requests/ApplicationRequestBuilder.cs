using System;
using System.Text.Json;
using DashScope.Json;
using DashScope.Models;

namespace DashScope.Requests
{
    /// <summary>Turns an <see cref="ApplicationRequest"/> into the wire body and its path.</summary>
    public static class ApplicationRequestBuilder
    {
        public static string PathFor(ApplicationRequest request) => "apps/" + Uri.EscapeDataString(request.AppId) + "/completion";

        public static byte[] Build(ApplicationRequest request, bool stream)
        {
            Validate(request);
            return JsonText.ToUtf8(writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartObject("input");
                if (!string.IsNullOrEmpty(request.Prompt)) writer.WriteString("prompt", request.Prompt);
                if (request.Messages != null && request.Messages.Count > 0)
                {
                    writer.WriteStartArray("messages");
                    foreach (var message in request.Messages)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("role", message.Role);
                        writer.WriteString("content", message.Content ?? string.Empty);
                        writer.WriteEndObject();
                    }
                    writer.WriteEndArray();
                }
                if (!string.IsNullOrEmpty(request.SessionId)) writer.WriteString("session_id", request.SessionId);
                if (!string.IsNullOrEmpty(request.MemoryId)) writer.WriteString("memory_id", request.MemoryId);
                if (request.Parameters.Count > 0)
                {
                    writer.WritePropertyName("biz_params");
                    JsonValueWriter.Write(writer, request.Parameters);
                }
                writer.WriteEndObject();
                WriteParameters(writer, request, stream);
                writer.WriteEndObject();
            });
        }

        private static void WriteParameters(Utf8JsonWriter writer, ApplicationRequest request, bool stream)
        {
            var extra = ParameterNames.Canonicalize(request.AdditionalParameters);
            bool Overridden(string name) => extra.ContainsKey(name);
            writer.WriteStartObject("parameters");
            if (stream) writer.WriteBoolean("incremental_output", true);
            if (request.IncludeThoughts.HasValue && !Overridden("has_thoughts")) writer.WriteBoolean("has_thoughts", request.IncludeThoughts.Value);
            if (request.TopK.HasValue && !Overridden("top_k")) writer.WriteNumber("top_k", request.TopK.Value);
            if (request.TopP.HasValue && !Overridden("top_p")) writer.WriteNumber("top_p", request.TopP.Value);
            if (request.Seed.HasValue && !Overridden("seed")) writer.WriteNumber("seed", request.Seed.Value);
            if (request.Temperature.HasValue && !Overridden("temperature")) writer.WriteNumber("temperature", request.Temperature.Value);
            foreach (var pair in extra)
            {
                if (pair.Key == "incremental_output") continue;
                writer.WritePropertyName(pair.Key);
                JsonValueWriter.Write(writer, pair.Value);
            }
            writer.WriteEndObject();
        }

        private static void Validate(ApplicationRequest request)
        {
            if (string.IsNullOrWhiteSpace(request.AppId))
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "No application id was given. Pass -AppId: the id shown for the application in Model Studio.");
            var hasMessages = request.Messages != null && request.Messages.Count > 0;
            if (string.IsNullOrWhiteSpace(request.Prompt) && !hasMessages)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "The prompt is empty. Give the message for the application, e.g. Invoke-QwenApplication -AppId $id 'Hello'.");
            if (hasMessages)
            {
                foreach (var message in request.Messages!)
                {
                    if (!QwenChatMessage.IsKnownRole(message.Role))
                        throw new DashScopeException(DashScopeErrorKind.InvalidInput, "A message has the role '" + message.Role + "'. Use system, user, assistant or tool.");
                }
            }
        }
    }
}
