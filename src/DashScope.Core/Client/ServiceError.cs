using System;
using System.Text;
using System.Text.Json;
using DashScope.Json;

namespace DashScope.Client
{
    /// <summary>
    /// Reads an error body in any of the shapes DashScope uses: native {code, message, request_id},
    /// OpenAI-compatible {error:{code, type, message}}, or text that is not JSON at all.
    /// </summary>
    internal static class ServiceError
    {
        public static DashScopeException Parse(int status, byte[] body, string? headerRequestId)
        {
            string? code = null;
            string? message = null;
            string? requestId = null;
            try
            {
                using (var document = JsonDocument.Parse(Streaming.Utf8Bom.Skip(body)))
                {
                    var root = document.RootElement;
                    requestId = root.GetStringOrNull("request_id");
                    if (root.TryGet("error", out var error) && error.ValueKind == JsonValueKind.Object)
                    {
                        code = error.GetStringOrNull("code") ?? error.GetStringOrNull("type");
                        message = error.GetStringOrNull("message");
                    }
                    else
                    {
                        code = root.GetStringOrNull("code");
                        message = root.GetStringOrNull("message") ?? root.GetStringOrNull("msg");
                    }
                }
            }
            catch (Exception failure) when (failure is JsonException || failure is InvalidOperationException)
            {
                // Not JSON (or not valid UTF-8 inside it): keep the raw text as the message.
                var text = Encoding.UTF8.GetString(body).Trim();
                if (text.Length > 500) text = text.Substring(0, 500) + "...";
                message = text.Length == 0 ? null : text;
            }

            if (string.IsNullOrEmpty(code)) code = DefaultCode(status);
            if (string.IsNullOrEmpty(requestId)) requestId = headerRequestId;
            return DashScopeException.FromService(status, code, message, requestId);
        }

        /// <summary>A code for bodies that carry none, so every service error has a stable id.</summary>
        private static string DefaultCode(int status)
        {
            switch (status)
            {
                case 400: return "BadRequest";
                case 401: return "Unauthorized";
                case 403: return "AccessDenied";
                case 404: return "NotFound";
                case 408: return "RequestTimeOut";
                case 413: return "BadRequest.TooLarge";
                case 429: return "Throttling";
                case 503: return "ServiceUnavailable";
                default: return status >= 500 ? "InternalError" : "HttpError" + status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }
}
