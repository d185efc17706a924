using System;
using System.Net;

namespace DashScope.Transport
{
    /// <summary>Everything the transport needs for one call. Built by the cmdlet layer, immutable afterwards.</summary>
    public sealed class ConnectionSettings
    {
        public ConnectionSettings(Uri baseUri, ApiKey apiKey)
        {
            BaseUri = DashScopeEndpoints.Normalize(baseUri);
            ApiKey = apiKey ?? throw new ArgumentNullException(nameof(apiKey));
        }

        /// <summary>Native API base, ending in /api/v1/.</summary>
        public Uri BaseUri { get; }

        public ApiKey ApiKey { get; }

        /// <summary>Sent as X-DashScope-WorkSpace when set.</summary>
        public string? Workspace { get; set; }

        /// <summary>Whole-call limit, retries included. Null or zero: none.</summary>
        public TimeSpan? Timeout { get; set; }

        /// <summary>Longest silence allowed between two stream reads (and before the response headers).</summary>
        public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(300);

        public RetryPolicy Retry { get; set; } = RetryPolicy.Default;

        /// <summary>Shared by the concurrent requests of one command, so a 429 slows all of them.</summary>
        public ThrottleGate Backoff { get; set; } = new ThrottleGate();

        public Uri? Proxy { get; set; }

        public NetworkCredential? ProxyCredential { get; set; }

        public bool NoProxy { get; set; }

        public bool AllowUnencryptedAuthentication { get; set; }

        public string UserAgent { get; set; } = DefaultUserAgent;

        public static readonly string DefaultUserAgent =
            "DashScope.PowerShell/" + typeof(ConnectionSettings).Assembly.GetName().Version?.ToString(3) +
            " (" + System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription + "; " +
            System.Runtime.InteropServices.RuntimeInformation.OSDescription.Trim() + ")";

        /// <summary>
        /// The key is a bearer token: refuse to send it in clear text to anything but this machine.
        /// </summary>
        public void EnsureKeyIsProtected(Uri target)
        {
            if (AllowUnencryptedAuthentication) return;
            if (target.Scheme == Uri.UriSchemeHttps) return;
            if (target.IsLoopback) return;
            throw new DashScopeException(DashScopeErrorKind.Configuration,
                "Refusing to send the API key over unencrypted http to '" + target.Host +
                "'. Use an https:// base URI, or pass -AllowUnencryptedAuthentication if you accept the risk.");
        }
    }
}
