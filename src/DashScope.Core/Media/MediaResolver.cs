using System.Threading;
using System.Threading.Tasks;
using DashScope.Client;

namespace DashScope.Media
{
    /// <summary>
    /// Turns the media of one call into URLs the service reads: URLs as given, small local files as data:
    /// URIs, larger ones (or all, with <see cref="UploadMode.Upload"/>) through the temporary upload. The
    /// upload policy is fetched once, on the first upload, and reused for the rest of the call.
    /// </summary>
    public sealed class MediaResolver
    {
        private readonly TemporaryUploader _uploader;
        private readonly string _model;
        private readonly UploadMode _mode;
        private readonly SemaphoreSlim _policyLock = new SemaphoreSlim(1, 1);
        private UploadPolicy? _policy;

        public MediaResolver(TemporaryUploader uploader, string model, UploadMode mode)
        {
            _uploader = uploader;
            _model = model;
            _mode = mode;
        }

        /// <summary>How many files this call uploaded.</summary>
        public int Uploaded { get; private set; }

        /// <summary>How many policies were fetched (0 or 1).</summary>
        public int PoliciesFetched { get; private set; }

        public async Task<string> ResolveAsync(MediaInput input, CancellationToken cancellationToken)
        {
            if (!input.IsLocalFile) return input.Value;
            if (input.SendsInline(_mode)) return input.ToDataUri();
            var policy = await PolicyAsync(cancellationToken).ConfigureAwait(false);
            var url = await _uploader.UploadAsync(policy, input.Value, input.MimeType, cancellationToken).ConfigureAwait(false);
            Uploaded++;
            return url;
        }

        private async Task<UploadPolicy> PolicyAsync(CancellationToken cancellationToken)
        {
            await _policyLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_policy == null)
                {
                    _policy = await _uploader.GetPolicyAsync(_model, cancellationToken).ConfigureAwait(false);
                    PoliciesFetched++;
                }
                return _policy;
            }
            finally
            {
                _policyLock.Release();
            }
        }
    }
}
