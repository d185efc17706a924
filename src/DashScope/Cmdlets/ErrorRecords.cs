using System;
using System.Management.Automation;
using DashScope.Execution;

namespace DashScope.Cmdlets
{
    /// <summary>
    /// Turns core failures into ErrorRecords with stable ids: "DashScope.&lt;service code&gt;" for service errors
    /// (e.g. DashScope.InvalidApiKey, DashScope.Throttling.RateQuota), "DashScope.&lt;kind&gt;" otherwise.
    /// </summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(DashScopeException exception, object? target)
        {
            var id = !string.IsNullOrEmpty(exception.ErrorId) ? "DashScope." + exception.ErrorId
                : exception.Kind == DashScopeErrorKind.Service && !string.IsNullOrEmpty(exception.Code) ? "DashScope." + exception.Code
                : "DashScope." + exception.Kind;
            var record = new ErrorRecord(exception, id, CategoryOf(exception), exception.PartialResult ?? target);
            var action = RecommendedAction(exception);
            if (exception.ErrorId == "FileExists")
                record.ErrorDetails = new ErrorDetails(exception.Message + " " + action) { RecommendedAction = action };
            else if (action != null) record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = action };
            return record;
        }

        /// <summary>A worker's failure, written on the pipeline thread.</summary>
        public static ErrorRecord From(WorkError error) => From(error.Exception, error.Target);

        public static ErrorRecord InvalidInput(string message, string id, object? target) =>
            new ErrorRecord(new DashScopeException(DashScopeErrorKind.InvalidInput, message), "DashScope." + id,
                ErrorCategory.InvalidArgument, target);

        private static ErrorCategory CategoryOf(DashScopeException exception)
        {
            if (exception.ErrorId == "TaskNotFound") return ErrorCategory.ObjectNotFound;
            if (exception.ErrorId == "FileExists") return ErrorCategory.ResourceExists;
            if (exception.Code == "TaskCanceled") return ErrorCategory.OperationStopped;
            switch (exception.Kind)
            {
                case DashScopeErrorKind.Network: return ErrorCategory.ConnectionError;
                case DashScopeErrorKind.Timeout: return ErrorCategory.OperationTimeout;
                case DashScopeErrorKind.Protocol: return ErrorCategory.InvalidData;
                case DashScopeErrorKind.MissingApiKey: return ErrorCategory.AuthenticationError;
                case DashScopeErrorKind.Configuration: return ErrorCategory.InvalidArgument;
                case DashScopeErrorKind.InvalidInput: return ErrorCategory.InvalidArgument;
            }

            var status = exception.StatusCode ?? 0;
            if (status == 401) return ErrorCategory.AuthenticationError;
            if (status == 403) return ErrorCategory.PermissionDenied;
            if (status == 404) return ErrorCategory.ObjectNotFound;
            if (status == 408) return ErrorCategory.OperationTimeout;
            if (status == 413) return ErrorCategory.LimitsExceeded;
            if (status == 429) return ErrorCategory.LimitsExceeded;
            if (status >= 500) return ErrorCategory.ResourceUnavailable;
            if (string.Equals(exception.Code, "DataInspectionFailed", StringComparison.OrdinalIgnoreCase)) return ErrorCategory.SecurityError;
            return ErrorCategory.InvalidArgument;
        }

        private static string? RecommendedAction(DashScopeException exception)
        {
            if (exception.ErrorId == "FileExists") return "Pass -Force to replace it, or choose another path.";
            if (exception.Kind == DashScopeErrorKind.MissingApiKey)
                return "Pass -ApiKey, run Connect-DashScope -ApiKey (Read-Host -AsSecureString), or set $env:DASHSCOPE_API_KEY.";
            switch (exception.StatusCode)
            {
                case 401: return "Check the API key, and that it belongs to the region of the base URI (keys are region-bound; see -Region).";
                case 429: return "You are being throttled. Raise -MaximumRetryCount / -RetryIntervalSec, or send fewer requests at once.";
            }
            if (exception.Kind == DashScopeErrorKind.Timeout) return "Raise -TimeoutSec or -IdleTimeoutSec, or try again later.";
            if (exception.Kind == DashScopeErrorKind.Network) return "Check the network, -Proxy / $env:HTTPS_PROXY, and the base URI.";
            return null;
        }
    }
}
