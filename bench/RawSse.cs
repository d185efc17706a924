// The raw baseline of the benchmark: the least a .NET client can do to read a DashScope stream.
// One shared HttpClient, ResponseHeadersRead, StreamReader.ReadLine, count the "data:" lines.
// Compiled by Invoke-Benchmark.ps1 with Add-Type; loaded into the benchmark process and its child processes.
using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace DashScopeBench
{
    public sealed class RawResult
    {
        public long DataLines;
        public long Lines;
        public long Characters;
        public double Seconds;
        public double FirstDataMs;
    }

    public static class RawSse
    {
        private static readonly HttpClient Http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

        private static HttpRequestMessage Request(string url, string body, string apiKey)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            request.Headers.TryAddWithoutValidation("X-DashScope-SSE", "enable");
            return request;
        }

        /// <summary>Reads the whole stream (or stops after the first data line) and counts.</summary>
        public static RawResult Read(string url, string body, string apiKey, bool firstOnly)
        {
            var watch = Stopwatch.StartNew();
            var result = new RawResult();
            using (var request = Request(url, body, apiKey))
            using (var response = Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult())
            {
                response.EnsureSuccessStatusCode();
                using (var stream = response.Content.ReadAsStreamAsync().GetAwaiter().GetResult())
                using (var reader = new StreamReader(stream, Encoding.UTF8))
                {
                    string line;
                    while ((line = reader.ReadLine()) != null)
                    {
                        result.Lines++;
                        result.Characters += line.Length;
                        if (line.StartsWith("data:", StringComparison.Ordinal))
                        {
                            if (result.DataLines++ == 0)
                            {
                                result.FirstDataMs = watch.Elapsed.TotalMilliseconds;
                                if (firstOnly) break;
                            }
                        }
                    }
                }
            }
            result.Seconds = watch.Elapsed.TotalSeconds;
            return result;
        }

        /// <summary>
        /// Sends <paramref name="count"/> non-stream requests, at most <paramref name="limit"/> at a time;
        /// returns the seconds taken. The baseline of the concurrency row.
        /// </summary>
        public static double Concurrent(string url, string body, string apiKey, int count, int limit)
        {
            var watch = Stopwatch.StartNew();
            using (var gate = new SemaphoreSlim(limit))
            {
                var tasks = new Task[count];
                for (var i = 0; i < count; i++)
                {
                    tasks[i] = Task.Run(async () =>
                    {
                        await gate.WaitAsync().ConfigureAwait(false);
                        try
                        {
                            using (var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") })
                            {
                                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
                                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                                using (var response = await Http.SendAsync(request).ConfigureAwait(false))
                                {
                                    response.EnsureSuccessStatusCode();
                                    await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                                }
                            }
                        }
                        finally
                        {
                            gate.Release();
                        }
                    });
                }
                Task.WaitAll(tasks);
            }
            return watch.Elapsed.TotalSeconds;
        }

        /// <summary>The number of data lines, for memory runs.</summary>
        public static long Count(string url, string body, string apiKey) => Read(url, body, apiKey, false).DataLines;
    }
}
