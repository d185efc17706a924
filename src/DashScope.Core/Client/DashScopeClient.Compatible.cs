using System;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace DashScope.Client
{
    public sealed partial class DashScopeClient
    {
        /// <summary>
        /// The OpenAI-compatible base: https://host/compatible-mode/v1/ beside https://host/api/v1/ (any path prefix before
        /// /api/v1/ is kept), or the base of another OpenAI-compatible server.
        /// </summary>
        public Uri CompatibleBaseUri => Settings.CompatibleBaseUri;

        /// <summary>
        /// Sends a request to a path under the compatible-mode base (files API) with the API key, retries and timeouts,
        /// and returns the response body; an error response becomes a <see cref="DashScopeException"/>. The content is
        /// created anew for each attempt.
        /// </summary>
        public Task<byte[]> SendCompatibleAsync(HttpMethod method, string path, Func<HttpContent?>? content, CancellationToken cancellationToken) =>
            SendCompatibleAsync(method, path, content == null ? (Func<Action<long>, HttpContent?>?)null : written => content(), null, cancellationToken);

        /// <summary>
        /// As <see cref="SendCompatibleAsync(HttpMethod, string, Func{HttpContent}, CancellationToken)"/> for a body that reports
        /// its bytes as it goes (an upload): each report goes to <paramref name="progress"/> and restarts the idle timer, so a
        /// long upload is not taken for a silent server.
        /// </summary>
        internal async Task<byte[]> SendCompatibleAsync(HttpMethod method, string path, Func<Action<long>, HttpContent?>? content,
            IProgress<long>? progress, CancellationToken cancellationToken)
        {
            var uri = new Uri(CompatibleBaseUri, path);
            using (var call = new CallScope(Settings, cancellationToken))
            {
                void Written(long bytes)
                {
                    call.ArmIdle();
                    progress?.Report(bytes);
                }
                return await WithRetries(call, uri.AbsoluteUri, async attempt =>
                {
                    Settings.EnsureKeyIsProtected(uri);
                    var request = new HttpRequestMessage(method, uri) { Content = content?.Invoke(Written) };
                    AddApiHeaders(request);
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                    _log.Write(method + " " + uri.GetLeftPart(UriPartial.Path));
                    var watch = Stopwatch.StartNew();
                    using (var response = await TransmitAsync(request, call).ConfigureAwait(false))
                    {
                        _log.Write(string.Format(CultureInfo.InvariantCulture, "HTTP {0} {1}, request id {2}, after {3} ms",
                            (int)response.StatusCode, response.ReasonPhrase, RequestIdOf(response) ?? "(none)", watch.ElapsedMilliseconds));
                        return await ReadBodyOrThrowAsync(response, call).ConfigureAwait(false);
                    }
                }).ConfigureAwait(false);
            }
        }
    }
}
