using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using DashScope.Catalog;

namespace DashScope.Transport
{
    /// <summary>Everything the transport needs for one call. Built by the cmdlet layer, immutable afterwards.</summary>
    public sealed class ConnectionSettings
    {
        public ConnectionSettings(Uri baseUri, ApiKey apiKey)
            : this(baseUri, apiKey, null)
        {
        }

        /// <param name="baseUri">A native base (…/api/v1), a DashScope compatible-mode base (…/compatible-mode/v1) or another
        /// OpenAI-compatible server's base (…/v1).</param>
        /// <param name="protocol">How chat goes out; null: as the base URI's path says (<see cref="DashScopeEndpoints.ProtocolOf"/>).</param>
        public ConnectionSettings(Uri baseUri, ApiKey apiKey, ModelProtocol? protocol)
        {
            var given = DashScopeEndpoints.Normalize(baseUri);
            ApiKey = apiKey ?? throw new ArgumentNullException(nameof(apiKey));
            IsDashScope = DashScopeEndpoints.IsDashScope(given);
            Protocol = protocol ?? DashScopeEndpoints.ProtocolOf(given);
            if (DashScopeEndpoints.ProtocolOf(given) == ModelProtocol.Compatible)
            {
                // A compatible base is used as given; DashScope's has a native base beside it, other servers do not.
                CompatibleBaseUri = given;
                BaseUri = IsDashScope ? DashScopeEndpoints.NativeBase(given) : given;
            }
            else
            {
                BaseUri = given;
                CompatibleBaseUri = DashScopeEndpoints.CompatibleBase(given);
            }
        }

        /// <summary>Native API base, ending in /api/v1/ (for a server that speaks only the compatible protocol: its base).</summary>
        public Uri BaseUri { get; }

        /// <summary>The OpenAI-compatible base: …/compatible-mode/v1/ on DashScope, or the base of another compatible server.</summary>
        public Uri CompatibleBaseUri { get; }

        /// <summary>The protocol chat uses on this connection (models the catalog marks compatible use it anyway).</summary>
        public ModelProtocol Protocol { get; }

        /// <summary>True for DashScope (its hosts and gateways); false for other OpenAI-compatible servers (vLLM, Ollama, ...).</summary>
        public bool IsDashScope { get; }

        /// <summary>The key sent as a bearer token; <see cref="Transport.ApiKey.None"/> when the server needs none.</summary>
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

        /// <summary>Extra headers for every call to the service (-Header), e.g. X-DashScope-DataInspection.</summary>
        public IReadOnlyDictionary<string, string> Headers
        {
            get => _headers;
            set => _headers = CheckHeaders(value);
        }

        private IReadOnlyDictionary<string, string> _headers = new Dictionary<string, string>();

        /// <summary>Headers the client owns: a caller may not set them.</summary>
        public static readonly IReadOnlyCollection<string> ReservedHeaders = new[] { "Authorization", "Content-Type", "Content-Length", "Host" };

        private static IReadOnlyDictionary<string, string> CheckHeaders(IReadOnlyDictionary<string, string> headers)
        {
            foreach (var header in headers)
            {
                var name = header.Key;
                if (string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase))
                    throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                        "-Header cannot set " + name + ": the module sends the key itself (from -ApiKey or Connect-DashScope). Leave it out of -Header.");
                if (ReservedHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
                    throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                        "-Header cannot set " + name + ": the module sets it from the request it sends. Leave it out of -Header.");
                if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(new[] { ':', ' ', '\r', '\n' }) >= 0)
                    throw new DashScopeException(DashScopeErrorKind.InvalidInput, "'" + name + "' is not a header name. Give names such as X-DashScope-DataInspection.");
                // A line break would end the header there and start another one.
                if (header.Value != null && header.Value.IndexOfAny(new[] { '\r', '\n' }) >= 0)
                    throw new DashScopeException(DashScopeErrorKind.InvalidInput, "The value of the header " + name + " has a line break; give it on one line.");
            }
            return headers;
        }

        public static readonly string DefaultUserAgent =
            "DashScope.PowerShell/" + typeof(ConnectionSettings).Assembly.GetName().Version?.ToString(3) +
            " (" + System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription + "; " +
            System.Runtime.InteropServices.RuntimeInformation.OSDescription.Trim() + ")";

        /// <summary>
        /// The key is a bearer token: refuse to send it in clear text to anything but this machine.
        /// </summary>
        public void EnsureKeyIsProtected(Uri target)
        {
            if (AllowUnencryptedAuthentication || ApiKey.IsNone) return;
            if (target.Scheme == Uri.UriSchemeHttps) return;
            if (target.IsLoopback) return;
            throw new DashScopeException(DashScopeErrorKind.Configuration,
                "Refusing to send the API key over unencrypted http to '" + target.Host +
                "'. Use an https:// base URI, or pass -AllowUnencryptedAuthentication if you accept the risk.");
        }
    }
}
