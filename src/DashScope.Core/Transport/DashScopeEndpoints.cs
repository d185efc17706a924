using System;
using DashScope.Catalog;

namespace DashScope.Transport
{
    public static class DashScopeEndpoints
    {
        public const string BaseUrlVariable = "DASHSCOPE_HTTP_BASE_URL";

        public static Uri ForRegion(DashScopeRegion region)
        {
            switch (region)
            {
                case DashScopeRegion.Singapore: return new Uri("https://dashscope-intl.aliyuncs.com/api/v1/");
                case DashScopeRegion.US: return new Uri("https://dashscope-us.aliyuncs.com/api/v1/");
                case DashScopeRegion.HongKong: return new Uri("https://cn-hongkong.dashscope.aliyuncs.com/api/v1/");
                default: return new Uri("https://dashscope.aliyuncs.com/api/v1/");
            }
        }

        /// <summary>
        /// The native base URL (ending in /api/v1/): explicit value, then region, then session default,
        /// then DASHSCOPE_HTTP_BASE_URL, then Beijing.
        /// </summary>
        public static Uri Resolve(Uri? explicitBase, DashScopeRegion? explicitRegion, Uri? sessionBase, Func<string, string?> getEnvironment)
        {
            if (explicitBase != null) return Normalize(explicitBase);
            if (explicitRegion.HasValue) return ForRegion(explicitRegion.Value);
            if (sessionBase != null) return Normalize(sessionBase);
            var fromEnvironment = getEnvironment(BaseUrlVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
            {
                if (!Uri.TryCreate(fromEnvironment!.Trim(), UriKind.Absolute, out var parsed) ||
                    (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
                {
                    throw new DashScopeException(DashScopeErrorKind.Configuration,
                        "$env:" + BaseUrlVariable + " is not an absolute http(s) URL. Set it like https://dashscope.aliyuncs.com/api/v1, or remove it.");
                }
                return Normalize(parsed);
            }
            return ForRegion(DashScopeRegion.Beijing);
        }

        /// <summary>Ensures a trailing slash so relative service paths append instead of replacing the last segment.</summary>
        public static Uri Normalize(Uri baseUri)
        {
            if (!baseUri.IsAbsoluteUri || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
            {
                throw new DashScopeException(DashScopeErrorKind.Configuration,
                    "The base URI '" + baseUri + "' is not an absolute http(s) URL. Use one like https://dashscope.aliyuncs.com/api/v1.");
            }
            var text = baseUri.GetLeftPart(UriPartial.Path);
            return text.EndsWith("/", StringComparison.Ordinal) ? new Uri(text) : new Uri(text + "/");
        }

        /// <summary>
        /// The protocol a base URI speaks by its path: …/compatible-mode/v1 and a bare …/v1 (vLLM, Ollama, LM Studio) are
        /// OpenAI-compatible; anything else (…/api/v1) is DashScope's native protocol.
        /// </summary>
        public static ModelProtocol ProtocolOf(Uri baseUri)
        {
            var path = baseUri.AbsolutePath.TrimEnd('/');
            if (path.EndsWith("/compatible-mode/v1", StringComparison.OrdinalIgnoreCase)) return ModelProtocol.Compatible;
            if (path.EndsWith("/api/v1", StringComparison.OrdinalIgnoreCase)) return ModelProtocol.Native;
            return path.EndsWith("/v1", StringComparison.OrdinalIgnoreCase) ? ModelProtocol.Compatible : ModelProtocol.Native;
        }

        /// <summary>
        /// True when the base is DashScope's (an aliyuncs.com host, or a gateway with DashScope's /api/v1 or
        /// /compatible-mode/v1 layout); false for other OpenAI-compatible servers, which need no DashScope key.
        /// </summary>
        public static bool IsDashScope(Uri baseUri)
        {
            if (baseUri.Host.EndsWith(".aliyuncs.com", StringComparison.OrdinalIgnoreCase)) return true;
            var path = baseUri.AbsolutePath.TrimEnd('/');
            return path.EndsWith("/api/v1", StringComparison.OrdinalIgnoreCase) ||
                   path.EndsWith("/compatible-mode/v1", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>The native base (…/api/v1/) beside a DashScope compatible-mode base; other bases are returned as they are.</summary>
        public static Uri NativeBase(Uri baseUri)
        {
            var text = Normalize(baseUri).AbsoluteUri;
            const string compatible = "compatible-mode/v1/";
            return text.EndsWith(compatible, StringComparison.OrdinalIgnoreCase)
                ? new Uri(text.Substring(0, text.Length - compatible.Length) + "api/v1/")
                : new Uri(text);
        }

        /// <summary>The OpenAI-compatible base (…/compatible-mode/v1/) on the same host as the native base.</summary>
        public static Uri CompatibleBase(Uri nativeBase)
        {
            var text = nativeBase.AbsoluteUri;
            var index = text.LastIndexOf("/api/", StringComparison.Ordinal);
            var root = index >= 0 ? text.Substring(0, index) : text.TrimEnd('/');
            return new Uri(root + "/compatible-mode/v1/");
        }
    }
}
