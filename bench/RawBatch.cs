// The raw baselines of the batch rows: the least a .NET client can do to send a batch input and to read results.
// Sending: a StreamWriter writes the given JSONL lines to a file (fed by a PowerShell pipeline, or in a C# loop), one
// HttpClient posts it as multipart/form-data (purpose batch, the file streamed from disk) and creates the batch.
// Reading: a StreamReader reads the result file line by line and JsonDocument parses each line, nothing more.
// Compiled by Invoke-Benchmark.ps1 with Add-Type, beside RawSse.cs.
using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace DashScopeBench
{
    public static class RawBatch
    {
        private static readonly HttpClient Http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

        /// <summary>Writes <paramref name="lines"/> to <paramref name="path"/> in a loop, uploads it and creates a batch; returns the seconds taken.</summary>
        public static double WriteAndUpload(string[] lines, string path, string compatibleBase, string apiKey)
        {
            var watch = Stopwatch.StartNew();
            using (var writer = Writer(path))
            {
                foreach (var line in lines)
                {
                    writer.Write(line);
                    writer.Write('\n');
                }
            }
            Upload(path, compatibleBase, apiKey);
            return watch.Elapsed.TotalSeconds;
        }

        /// <summary>The StreamWriter a PowerShell pipeline writes the lines with (UTF-8 without BOM, 64 KB buffer).</summary>
        public static StreamWriter Writer(string path) => new StreamWriter(path, false, new UTF8Encoding(false), 64 * 1024);

        /// <summary>Uploads a JSONL file as multipart/form-data (purpose batch, streamed from disk) and creates its batch; returns the batch id.</summary>
        public static string Upload(string path, string compatibleBase, string apiKey)
        {
            string fileId;
            using (var form = new MultipartFormDataContent())
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true))
            {
                var content = new StreamContent(file, 81920);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                form.Add(content, "file", Path.GetFileName(path));
                form.Add(new StringContent("batch"), "purpose");
                fileId = Send(HttpMethod.Post, compatibleBase + "files", form, apiKey).GetProperty("id").GetString();
            }
            var create = "{\"input_file_id\":\"" + fileId + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}";
            return Send(HttpMethod.Post, compatibleBase + "batches", new StringContent(create, Encoding.UTF8, "application/json"), apiKey).GetProperty("id").GetString();
        }

        /// <summary>Reads a JSONL file and parses every line; returns the lines read.</summary>
        public static int ParseLines(string path)
        {
            var count = 0;
            using (var reader = new StreamReader(path, Encoding.UTF8, false, 64 * 1024))
            {
                string line;
                while ((line = reader.ReadLine()) != null)
                {
                    using (var document = JsonDocument.Parse(line))
                    {
                        if (document.RootElement.ValueKind == JsonValueKind.Object) count++;
                    }
                }
            }
            return count;
        }

        private static JsonElement Send(HttpMethod method, string url, HttpContent content, string apiKey)
        {
            using (var request = new HttpRequestMessage(method, url) { Content = content })
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
                using (var response = Http.SendAsync(request).GetAwaiter().GetResult())
                {
                    response.EnsureSuccessStatusCode();
                    using (var document = JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult()))
                        return document.RootElement.Clone();
                }
            }
        }
    }
}
