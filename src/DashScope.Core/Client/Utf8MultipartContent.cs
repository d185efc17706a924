using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;

namespace DashScope.Client
{
    /// <summary>
    /// multipart/form-data with text fields and one file, whose file name is written as raw UTF-8 in the quoted
    /// string (RFC 7578, as curl and browsers send it). MultipartFormDataContent writes part headers as Latin-1 on
    /// older runtimes, which turns 报告.txt into ??.txt.
    /// </summary>
    internal sealed class Utf8MultipartContent : HttpContent
    {
        private static readonly Encoding Utf8 = new UTF8Encoding(false);
        private readonly string _boundary = "----DashScopePowerShell" + Guid.NewGuid().ToString("N");
        private readonly List<KeyValuePair<string, string>> _fields = new List<KeyValuePair<string, string>>();
        private string? _fileField;
        private string? _fileName;
        private string? _fileType;
        private string? _path;

        public Utf8MultipartContent()
        {
            Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=" + _boundary);
        }

        public void AddField(string name, string value) => _fields.Add(new KeyValuePair<string, string>(name, value));

        /// <summary>Called with the file bytes sent so far, after each piece of the file is written.</summary>
        public Action<long>? Written { get; set; }

        public void SetFile(string field, string path, string fileName, string contentType)
        {
            _fileField = field;
            _path = path;
            _fileName = fileName;
            _fileType = contentType;
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var head = Utf8.GetBytes(Head());
            await stream.WriteAsync(head, 0, head.Length).ConfigureAwait(false);
            if (_path != null)
            {
                using (var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true))
                {
                    var buffer = new byte[81920];
                    long sent = 0;
                    int read;
                    while ((read = await file.ReadAsync(buffer, 0, buffer.Length).ConfigureAwait(false)) > 0)
                    {
                        await stream.WriteAsync(buffer, 0, read).ConfigureAwait(false);
                        sent += read;
                        Written?.Invoke(sent);
                    }
                }
            }
            var tail = Utf8.GetBytes(Tail());
            await stream.WriteAsync(tail, 0, tail.Length).ConfigureAwait(false);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = Utf8.GetByteCount(Head()) + Utf8.GetByteCount(Tail()) + (_path == null ? 0 : new FileInfo(_path).Length);
            return true;
        }

        /// <summary>The file part's headers: the file comes first, as in the recorded traffic.</summary>
        private string Head()
        {
            if (_path == null) return string.Empty;
            return "--" + _boundary + "\r\n" +
                   "Content-Disposition: form-data; name=\"" + Quote(_fileField!) + "\"; filename=\"" + Quote(_fileName!) + "\"\r\n" +
                   "Content-Type: " + _fileType + "\r\n\r\n";
        }

        /// <summary>The end of the file part, the text fields, and the closing boundary.</summary>
        private string Tail()
        {
            var text = new StringBuilder();
            if (_path != null) text.Append("\r\n");
            foreach (var field in _fields)
            {
                text.Append("--").Append(_boundary).Append("\r\n")
                    .Append("Content-Disposition: form-data; name=\"").Append(Quote(field.Key)).Append("\"\r\n\r\n")
                    .Append(field.Value).Append("\r\n");
            }
            return text.Append("--").Append(_boundary).Append("--\r\n").ToString();
        }

        private static string Quote(string value) => value.Replace("\\", "\\\\").Replace("\"", "%22").Replace("\r", " ").Replace("\n", " ");
    }
}
