using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;

namespace DashScope.Transport
{
    /// <summary>
    /// One HttpClient (and connection pool) per proxy configuration for the life of the process,
    /// so repeated calls reuse connections instead of exhausting sockets.
    /// </summary>
    internal static class HttpClientCache
    {
        private static readonly ConcurrentDictionary<string, HttpClient> Clients =
            new ConcurrentDictionary<string, HttpClient>(StringComparer.Ordinal);

        public static HttpClient For(ConnectionSettings settings)
        {
            var key = (settings.NoProxy ? "noproxy" : settings.Proxy?.AbsoluteUri ?? "default") + "|" +
                      settings.ProxyCredential?.UserName + "|" + settings.ProxyCredential?.Domain + "|" +
                      (settings.ProxyCredential == null ? 0 : settings.ProxyCredential.Password.GetHashCode());
            return Clients.GetOrAdd(key, _ => Create(settings));
        }

        private static HttpClient Create(ConnectionSettings settings)
        {
            var handler = new HttpClientHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            };
            if (settings.NoProxy)
            {
                handler.UseProxy = false;
            }
            else if (settings.Proxy != null)
            {
                handler.UseProxy = true;
                handler.Proxy = new WebProxy(settings.Proxy) { Credentials = settings.ProxyCredential };
            }
            // Otherwise the platform default applies, which honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY.

            return new HttpClient(handler, disposeHandler: true)
            {
                // Timeouts are enforced per call with cancellation, so streams may run long.
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            };
        }
    }
}
