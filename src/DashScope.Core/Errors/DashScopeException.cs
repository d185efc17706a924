using System;

namespace DashScope
{
    /// <summary>
    /// The one exception type the core throws. Carries the service's code, message and request id
    /// when the service sent them, and whatever was received before a stream broke.
    /// </summary>
    public sealed class DashScopeException : Exception
    {
        public DashScopeException(DashScopeErrorKind kind, string message, Exception? inner = null)
            : base(message, inner)
        {
            Kind = kind;
        }

        public DashScopeException(
            DashScopeErrorKind kind,
            string message,
            int? statusCode,
            string? code,
            string? serviceMessage,
            string? requestId,
            Exception? inner = null)
            : base(message, inner)
        {
            Kind = kind;
            StatusCode = statusCode;
            Code = code;
            ServiceMessage = serviceMessage;
            RequestId = requestId;
        }

        public DashScopeErrorKind Kind { get; }

        /// <summary>A stable name for a failure its kind does not tell apart (e.g. InvalidJson); the error id is DashScope.&lt;name&gt;.</summary>
        public string? ErrorId { get; init; }

        /// <summary>HTTP status (or the status an SSE error event carried).</summary>
        public int? StatusCode { get; }

        /// <summary>The service's error code, e.g. InvalidApiKey or Throttling.RateQuota.</summary>
        public string? Code { get; }

        /// <summary>The service's own error message.</summary>
        public string? ServiceMessage { get; }

        /// <summary>The service's request id, to quote to support.</summary>
        public string? RequestId { get; }

        /// <summary>How many attempts were made before giving up.</summary>
        public int Attempts { get; internal set; } = 1;

        /// <summary>
        /// What had been received when the failure happened (for a chat: a result holding the partial text).
        /// </summary>
        public object? PartialResult { get; internal set; }

        /// <summary>True when the failure is worth another attempt (408, 429, 5xx, network).</summary>
        public bool IsTransient =>
            Kind == DashScopeErrorKind.Network || RetryableTimeout ||
            (Kind == DashScopeErrorKind.Service && StatusCode.HasValue && Transport.RetryPolicy.IsRetryableStatus(StatusCode.Value));

        /// <summary>An idle timeout before anything arrived: as worth retrying as a 408.</summary>
        internal bool RetryableTimeout { get; set; }

        /// <summary>Seconds the service asked us to wait (Retry-After), if any.</summary>
        public TimeSpan? RetryAfter { get; internal set; }

        internal static DashScopeException FromService(int statusCode, string? code, string? serviceMessage, string? requestId)
        {
            var text = "DashScope returned " + statusCode +
                       (string.IsNullOrEmpty(code) ? string.Empty : " " + code) +
                       (string.IsNullOrEmpty(serviceMessage) ? string.Empty : ": " + serviceMessage) +
                       (string.IsNullOrEmpty(requestId) ? string.Empty : " (request id " + requestId + ")");
            return new DashScopeException(DashScopeErrorKind.Service, text, statusCode, code, serviceMessage, requestId);
        }
    }
}
