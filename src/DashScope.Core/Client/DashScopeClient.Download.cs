using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Models;

namespace DashScope.Client
{
    public sealed partial class DashScopeClient
    {
        private const int DownloadBufferSize = 80 * 1024;

        /// <summary>
        /// Saves a result URL (a host outside the API: the key is never sent) to <paramref name="targetPath"/>. The bytes go to
        /// a temporary file beside the target, renamed to it once complete, so the target is never half written; a failed or
        /// cancelled download leaves neither. An existing target is kept unless <paramref name="overwrite"/>. Failures are
        /// retried like other calls until the first bytes arrive; the timeouts of these settings apply.
        /// </summary>
        public Task<QwenDownload> DownloadAsync(Uri source, string targetPath, bool overwrite, IProgress<DownloadProgress>? progress,
            CancellationToken cancellationToken) =>
            DownloadAsync(source, targetPath, overwrite, progress, withKey: false, cancellationToken);

        /// <summary>
        /// Saves the content of a file of the compatible files API (GET files/{id}/content, a batch's output or error file)
        /// to <paramref name="targetPath"/>, as <see cref="DownloadAsync(Uri, string, bool, IProgress{DownloadProgress}, CancellationToken)"/>
        /// saves a result URL, but with the API key.
        /// </summary>
        public Task<QwenDownload> DownloadFileContentAsync(string fileId, string targetPath, bool overwrite, IProgress<DownloadProgress>? progress,
            CancellationToken cancellationToken)
        {
            if (string.IsNullOrWhiteSpace(fileId)) throw new DashScopeException(DashScopeErrorKind.InvalidInput, "No file id was given.");
            return DownloadAsync(new Uri(CompatibleBaseUri, "files/" + Uri.EscapeDataString(fileId) + "/content"), targetPath, overwrite, progress,
                withKey: true, cancellationToken);
        }

        private async Task<QwenDownload> DownloadAsync(Uri source, string targetPath, bool overwrite, IProgress<DownloadProgress>? progress,
            bool withKey, CancellationToken cancellationToken)
        {
            CheckDownloadable(source);
            return await DownloadAsync(source, AtomicFile.Prepare(targetPath, overwrite, source.GetLeftPart(UriPartial.Path)), progress, withKey, cancellationToken)
                .ConfigureAwait(false);
        }

        /// <summary>Only http(s) URLs are downloaded; checked before the target is prepared, so a bad URL is reported as such.</summary>
        private static void CheckDownloadable(Uri? source)
        {
            if (source == null || !source.IsAbsoluteUri || (source.Scheme != Uri.UriSchemeHttp && source.Scheme != Uri.UriSchemeHttps))
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "Only http(s) URLs can be downloaded, not '" + source + "'.");
        }

        /// <summary>Downloads into a target already prepared (checked and its folder made) by the caller.</summary>
        internal async Task<QwenDownload> DownloadAsync(Uri source, AtomicFile file, IProgress<DownloadProgress>? progress, bool withKey, CancellationToken cancellationToken)
        {
            CheckDownloadable(source);
            var target = file.Target;

            // The query of a result URL is its signature: it stays out of logs and messages.
            var display = source.GetLeftPart(UriPartial.Path);
            var watch = Stopwatch.StartNew();
            using (var call = new CallScope(Settings, cancellationToken))
            using (var opened = await WithRetries(call, source.AbsoluteUri, attempt => OpenDownloadAsync(source, display, call, withKey)).ConfigureAwait(false))
            {
                var total = opened.Response.Content.Headers.ContentLength;
                long received = 0;
                await file.WriteAsync(async stream =>
                {
                    var count = opened.FirstCount;
                    while (count > 0)
                    {
                        await stream.WriteAsync(opened.Buffer, 0, count).ConfigureAwait(false);
                        received += count;
                        progress?.Report(new DownloadProgress(source, target, received, total));
                        count = await ReadDownloadAsync(opened, call, display, received, total).ConfigureAwait(false);
                    }
                    if (total.HasValue && received != total.Value)
                        throw new DashScopeException(DashScopeErrorKind.Network,
                            "The download of " + display + " ended after " + received + " of " + total.Value + " bytes.");
                }).ConfigureAwait(false);
                _log.Write(string.Format(CultureInfo.InvariantCulture, "Saved {0} bytes from {1} to {2} in {3} ms",
                    received, display, target, watch.ElapsedMilliseconds));
                return new QwenDownload
                {
                    Source = source,
                    Path = target,
                    Length = received,
                    ContentType = opened.Response.Content.Headers.ContentType?.MediaType,
                };
            }
        }

        /// <summary>
        /// Reads a small result file (a transcript, at most <paramref name="maximumBytes"/>) into memory, with the retries,
        /// timeouts and key handling of a download: a connection that breaks after the first bytes fails.
        /// </summary>
        public async Task<byte[]> ReadResultAsync(Uri source, long maximumBytes, CancellationToken cancellationToken)
        {
            if (source == null || !source.IsAbsoluteUri || (source.Scheme != Uri.UriSchemeHttp && source.Scheme != Uri.UriSchemeHttps))
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "Only http(s) URLs can be read, not '" + source + "'.");
            var display = source.GetLeftPart(UriPartial.Path);
            using (var call = new CallScope(Settings, cancellationToken))
            using (var opened = await WithRetries(call, source.AbsoluteUri, attempt => OpenDownloadAsync(source, display, call, withKey: false)).ConfigureAwait(false))
            {
                var total = opened.Response.Content.Headers.ContentLength;
                if (total > maximumBytes) throw TooLarge(display, total.Value, maximumBytes);
                using (var buffer = new MemoryStream())
                {
                    var count = opened.FirstCount;
                    while (count > 0)
                    {
                        buffer.Write(opened.Buffer, 0, count);
                        if (buffer.Length > maximumBytes) throw TooLarge(display, buffer.Length, maximumBytes);
                        count = await ReadDownloadAsync(opened, call, display, buffer.Length, total).ConfigureAwait(false);
                    }
                    if (total.HasValue && buffer.Length != total.Value)
                        throw new DashScopeException(DashScopeErrorKind.Network,
                            "The download of " + display + " ended after " + buffer.Length + " of " + total.Value + " bytes.");
                    _log.Write("Read " + buffer.Length.ToString(CultureInfo.InvariantCulture) + " bytes from " + display);
                    return buffer.ToArray();
                }
            }
        }

        private static DashScopeException TooLarge(string display, long bytes, long maximumBytes) =>
            new DashScopeException(DashScopeErrorKind.Protocol, string.Format(CultureInfo.InvariantCulture,
                "The result {0} is larger than the {1:N0} bytes this client reads into memory (at least {2:N0} bytes).", display, maximumBytes, bytes));

        /// <summary>Sends the GET and reads the first bytes: everything up to here is retried like any call.</summary>
        private async Task<OpenDownload> OpenDownloadAsync(Uri source, string display, CallScope call, bool withKey)
        {
            if (withKey) Settings.EnsureKeyIsProtected(source);
            var request = new HttpRequestMessage(HttpMethod.Get, source);
            if (withKey) AddApiHeaders(request);
            else request.Headers.TryAddWithoutValidation("User-Agent", Settings.UserAgent);
            _log.Write("GET " + display + " (download)");
            var response = await TransmitAsync(request, call).ConfigureAwait(false);
            try
            {
                _log.Write("HTTP " + (int)response.StatusCode + " " + response.ReasonPhrase + " from the download host");
                if (!response.IsSuccessStatusCode)
                {
                    var bytes = await ReadAllAsync(response, call).ConfigureAwait(false);
                    throw DownloadError(response, bytes, display, withKey);
                }
                var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                var opened = new OpenDownload(response, stream, new byte[DownloadBufferSize]);
                call.ArmIdle();
                try
                {
                    opened.FirstCount = await stream.ReadAsync(opened.Buffer, 0, opened.Buffer.Length, call.IdleToken).ConfigureAwait(false);
                }
                finally
                {
                    call.DisarmIdle();
                }
                return opened;
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }

        /// <summary>The next bytes; once some have arrived a failure is final (not retried) and says how far the download got.</summary>
        private async Task<int> ReadDownloadAsync(OpenDownload opened, CallScope call, string display, long received, long? total)
        {
            call.ArmIdle();
            try
            {
                return await opened.Stream.ReadAsync(opened.Buffer, 0, opened.Buffer.Length, call.IdleToken).ConfigureAwait(false);
            }
            catch (Exception failure) when ((failure is IOException || failure is HttpRequestException || failure is ObjectDisposedException ||
                                              failure is OperationCanceledException) && !(call.Token.IsCancellationRequested && !call.TimedOut))
            {
                var progress = received + (total.HasValue ? " of " + total.Value : string.Empty) + " bytes";
                if (call.TimedOut)
                    throw new DashScopeException(DashScopeErrorKind.Timeout,
                        "The download of " + display + " did not finish within the time allowed (-TimeoutSec); " + progress + " had arrived.", failure);
                if (call.IdleTimedOut)
                    throw new DashScopeException(DashScopeErrorKind.Timeout,
                        "The download of " + display + " was silent for " + Settings.IdleTimeout.TotalSeconds + " s after " + progress + " (idle timeout).", failure);
                throw new DashScopeException(DashScopeErrorKind.Network,
                    "The download of " + display + " broke after " + progress + ": " + failure.Message, failure);
            }
            finally
            {
                call.DisarmIdle();
            }
        }

        private static DashScopeException DownloadError(HttpResponseMessage response, byte[] body, string display, bool fileContent)
        {
            var status = (int)response.StatusCode;
            var error = ErrorFrom(response, body);
            var expired = status != 403 && status != 404 ? string.Empty
                : fileContent ? " (the file was deleted, or is not a batch output file)"
                : " (result URLs expire 24 hours after the task ended)";
            return new DashScopeException(DashScopeErrorKind.Service,
                "Downloading " + display + " failed with HTTP " + status + " " + error.Code + expired +
                (error.ServiceMessage == null ? string.Empty : ": " + error.ServiceMessage),
                status, error.Code, error.ServiceMessage, error.RequestId)
            {
                RetryAfter = error.RetryAfter,
            };
        }

        /// <summary>A download response whose first bytes have arrived.</summary>
        private sealed class OpenDownload : IDisposable
        {
            public OpenDownload(HttpResponseMessage response, Stream stream, byte[] buffer)
            {
                Response = response;
                Stream = stream;
                Buffer = buffer;
            }

            public HttpResponseMessage Response { get; }

            public Stream Stream { get; }

            public byte[] Buffer { get; }

            public int FirstCount { get; set; }

            public void Dispose()
            {
                Stream.Dispose();
                Response.Dispose();
            }
        }
    }
}
