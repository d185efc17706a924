using System;
using System.Collections.Generic;
using DashScope.Tasks;

namespace DashScope.Requests
{
    /// <summary>The extra headers of the media families: async submission, and resolving oss:// temporary uploads.</summary>
    internal static class ServiceHeaders
    {
        private static readonly IDictionary<string, string> Async =
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [AsyncSubmission.AsyncHeader] = "enable" };

        private static readonly IDictionary<string, string> AsyncWithOss =
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [AsyncSubmission.AsyncHeader] = "enable", [MultimodalBody.OssResolveHeader] = "enable" };

        /// <summary>X-DashScope-Async: enable, and X-DashScope-OssResourceResolve: enable when <paramref name="ossUrls"/>.</summary>
        public static IDictionary<string, string> ForTask(bool ossUrls) => ossUrls ? AsyncWithOss : Async;

        public static bool IsOss(string? url) => url != null && url.StartsWith("oss://", StringComparison.OrdinalIgnoreCase);
    }
}
