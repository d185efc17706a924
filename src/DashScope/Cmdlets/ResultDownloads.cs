using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Client;
using DashScope.Models;

namespace DashScope.Cmdlets
{
    /// <summary>
    /// Where -OutputFolder / -OutFile put downloaded results (pictures, videos): one named file, or files named after
    /// their task or request in a folder. Downloads are atomic; an existing file is kept unless -Force.
    /// </summary>
    internal sealed class ResultDownloads
    {
        private readonly string? _folder;
        private readonly string? _file;
        private readonly bool _overwrite;

        public ResultDownloads(string? folder, string? file, bool overwrite)
        {
            _folder = folder;
            _file = file;
            _overwrite = overwrite;
        }

        /// <summary>True when results are downloaded at all.</summary>
        public bool Saves => _folder != null || _file != null;

        /// <summary>True when -OutFile names the one file all results would go to.</summary>
        public bool SingleFile => _file != null;

        /// <summary>The file for a result: -OutFile, or NAME plus the URL's extension (else <paramref name="defaultExtension"/>) in -OutputFolder.</summary>
        public string PathFor(string name, Uri url, string defaultExtension)
        {
            if (_file != null) return _file;
            var extension = Path.GetExtension(url.AbsolutePath);
            if (string.IsNullOrEmpty(extension) || extension.Length > 6) extension = defaultExtension;
            return Path.Combine(_folder!, name + extension.ToLowerInvariant());
        }

        public Task<QwenDownload> SaveAsync(DashScopeClient client, Uri url, string path, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken) =>
            client.DownloadAsync(url, path, _overwrite, progress, cancellationToken);
    }
}
