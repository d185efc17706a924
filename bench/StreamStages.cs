// Helpers of Measure-StreamStages.ps1: the module's streaming path taken apart, stage by stage,
// to show where the time per event goes. Compiled against the built DashScope.dll and DashScope.Core.dll with Add-Type.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Threading;
using DashScope.Client;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Streaming;
using DashScope.Transport;

namespace DashScopeBench
{
    public static class StreamStages
    {
        private static readonly HttpClient Http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };

        private static readonly Func<byte[], object> Decode = (Func<byte[], object>)typeof(SseParser).Assembly
            .GetType("DashScope.Streaming.GenerationChunkDecoder", true)!
            .GetMethod("Decode", BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(byte[]) }, null)!
            .CreateDelegate(typeof(Func<byte[], object>));

        private static Stream Open(string url, string body, string apiKey, out HttpResponseMessage response)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            request.Headers.TryAddWithoutValidation("X-DashScope-SSE", "enable");
            response = Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult();
            response.EnsureSuccessStatusCode();
            return response.Content.ReadAsStreamAsync().GetAwaiter().GetResult();
        }

        /// <summary>The whole body as bytes (to replay stages without the network).</summary>
        public static byte[] Capture(string url, string body, string apiKey)
        {
            using (var stream = Open(url, body, apiKey, out var response))
            using (response)
            using (var copy = new MemoryStream())
            {
                stream.CopyTo(copy);
                return copy.ToArray();
            }
        }

        /// <summary>Network only: read the body into a 16 KB buffer, look at nothing. Returns bytes.</summary>
        public static long BytesOnly(string url, string body, string apiKey)
        {
            long total = 0;
            var buffer = new byte[16 * 1024];
            using (var stream = Open(url, body, apiKey, out var response))
            using (response)
            {
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0) total += read;
            }
            return total;
        }

        /// <summary>Network + the module's SseParser. Returns events.</summary>
        public static long Parse(string url, string body, string apiKey, bool decode)
        {
            long count = 0;
            var buffer = new byte[16 * 1024];
            var parser = new SseParser();
            var events = new List<SseEvent>();
            using (var stream = Open(url, body, apiKey, out var response))
            using (response)
            {
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    parser.Push(buffer, 0, read, events);
                    foreach (var e in events)
                    {
                        if (decode) Decode(e.Data);
                        count++;
                    }
                    events.Clear();
                }
                parser.Complete(events);
                count += events.Count;
            }
            return count;
        }

        /// <summary>The whole core (ChatClient.StreamAsync / ReadAsync, events, records and accumulator), no PowerShell.</summary>
        public static long Core(string baseUri, string apiKey)
        {
            var settings = new ConnectionSettings(new Uri(baseUri), ApiKey.FromString(apiKey, "bench"));
            var chat = new ChatClient(new DashScopeClient(settings));
            var request = new ChatRequest { Model = "qwen-plus", Messages = new[] { new QwenChatMessage("user", "bench") } };
            long count = 0;
            using (var stream = chat.StreamAsync(request, CancellationToken.None).GetAwaiter().GetResult())
            {
                while (true)
                {
                    var next = stream.ReadAsync();
                    var chatEvent = next.IsCompletedSuccessfully ? next.Result : next.AsTask().GetAwaiter().GetResult();
                    if (chatEvent == null) break;
                    GC.KeepAlive(chatEvent.ToRecord());
                    count++;
                }
                GC.KeepAlive(stream.Result);
            }
            return count;
        }

        /// <summary>The core up to its first record (then closes the stream).</summary>
        public static void CoreFirst(string baseUri, string apiKey)
        {
            var settings = new ConnectionSettings(new Uri(baseUri), ApiKey.FromString(apiKey, "bench"));
            var chat = new ChatClient(new DashScopeClient(settings));
            var request = new ChatRequest { Model = "qwen-plus", Messages = new[] { new QwenChatMessage("user", "bench") } };
            using (var stream = chat.StreamAsync(request, CancellationToken.None).GetAwaiter().GetResult())
            {
                var next = stream.ReadAsync();
                var record = next.IsCompletedSuccessfully ? next.Result : next.AsTask().GetAwaiter().GetResult();
                GC.KeepAlive(record);
            }
        }

        // ---- CPU only, over captured bytes (milliseconds for the whole stream)

        public static double ParseInMemory(byte[] bytes, int repeat)
        {
            var watch = Stopwatch.StartNew();
            for (var r = 0; r < repeat; r++)
            {
                var parser = new SseParser();
                var events = new List<SseEvent>();
                for (var offset = 0; offset < bytes.Length; offset += 16 * 1024)
                {
                    parser.Push(bytes, offset, Math.Min(16 * 1024, bytes.Length - offset), events);
                    events.Clear();
                }
                parser.Complete(events);
            }
            return watch.Elapsed.TotalMilliseconds / repeat;
        }

        public static List<byte[]> DataLines(byte[] bytes)
        {
            var parser = new SseParser();
            var events = new List<SseEvent>();
            parser.Push(bytes, 0, bytes.Length, events);
            parser.Complete(events);
            var data = new List<byte[]>(events.Count);
            foreach (var e in events) data.Add(e.Data);
            return data;
        }

        public static double DecodeInMemory(List<byte[]> data, int repeat)
        {
            var watch = Stopwatch.StartNew();
            for (var r = 0; r < repeat; r++) foreach (var d in data) Decode(d);
            return watch.Elapsed.TotalMilliseconds / repeat;
        }

        public static double JsonDocumentOnly(List<byte[]> data, int repeat)
        {
            var watch = Stopwatch.StartNew();
            for (var r = 0; r < repeat; r++)
                foreach (var d in data)
                    using (var document = JsonDocument.Parse(d)) { }
            return watch.Elapsed.TotalMilliseconds / repeat;
        }

        public static double Utf8ReaderOnly(List<byte[]> data, int repeat)
        {
            var watch = Stopwatch.StartNew();
            long tokens = 0;
            for (var r = 0; r < repeat; r++)
                foreach (var d in data)
                {
                    var reader = new Utf8JsonReader(d);
                    while (reader.Read()) tokens++;
                }
            GC.KeepAlive(tokens);
            return watch.Elapsed.TotalMilliseconds / repeat;
        }

        public static double NowInMemory(int count)
        {
            var watch = Stopwatch.StartNew();
            long ticks = 0;
            for (var i = 0; i < count; i++) ticks += DateTimeOffset.Now.Ticks;
            GC.KeepAlive(ticks);
            return watch.Elapsed.TotalMilliseconds;
        }
    }

    /// <summary>Writes Count ready-made stream records: the cost of the PowerShell pipeline alone.</summary>
    [Cmdlet("Write", "BenchRecord")]
    public sealed class WriteBenchRecordCommand : PSCmdlet
    {
        [Parameter(Position = 0)]
        public int Count { get; set; }

        protected override void EndProcessing()
        {
            for (var i = 0; i < Count; i++)
            {
                WriteObject(new QwenChatStreamRecord { Text = "a", EventId = "1", Model = "qwen-plus" });
            }
        }
    }
}
