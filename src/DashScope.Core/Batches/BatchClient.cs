using System;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Client;
using DashScope.Models;
using DashScope.Tasks;

namespace DashScope.Batches
{
    /// <summary>
    /// The Batch API (compatible mode): upload an input file (purpose batch) and create a batch of it, get, list, cancel and
    /// wait for batches, download their output and error files, and read them back in input order. What a batch needs on
    /// this machine (its input, its downloads) is kept in a <see cref="BatchStore"/>, so a new session works from the id alone.
    /// </summary>
    public sealed class BatchClient
    {
        public const string DefaultCompletionWindow = "24h";
        public const string FilePurpose = "batch";

        private static readonly Regex WindowPattern = new Regex("^([0-9]+)([hd])$", RegexOptions.CultureInvariant);

        private readonly DashScopeClient _client;
        private readonly FilesClient _files;

        public BatchClient(DashScopeClient client, BatchStore store)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            Store = store ?? throw new ArgumentNullException(nameof(store));
            _files = new FilesClient(client);
        }

        public BatchStore Store { get; }

        /// <summary>How waiting polls by default: at once, then 1 s, doubling every third poll up to a minute.</summary>
        public static TaskWaitOptions DefaultWaitOptions => new TaskWaitOptions { FirstInterval = TimeSpan.FromSeconds(1), MaximumInterval = TimeSpan.FromSeconds(60) };

        /// <summary>
        /// Uploads an input part (reporting bytes sent), creates its batch and remembers it in the store. When the batch
        /// cannot be created, the upload is deleted again.
        /// </summary>
        public async Task<QwenBatch> SubmitAsync(BatchInputPart part, BatchOptions? options, IProgress<long>? upload, CancellationToken cancellationToken)
        {
            if (part == null) throw new ArgumentNullException(nameof(part));
            options = options ?? new BatchOptions();
            CheckOptions(options);
            var file = await _files.UploadAsync(part.Path, FilePurpose, upload, cancellationToken).ConfigureAwait(false);
            _client.Log.Write("Uploaded " + part.Lines + " batch lines (" + part.Bytes + " bytes) as " + file.Id);
            QwenBatch batch;
            try
            {
                batch = await CreateAsync(file.Id, part.Url, options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception)
            {
                try
                {
                    await _files.DeleteAsync(file.Id, CancellationToken.None).ConfigureAwait(false);
                }
                catch (DashScopeException cleanup)
                {
                    _client.Log.Write("Could not delete the unused upload " + file.Id + ": " + cleanup.Message);
                }
                throw;
            }
            Store.Remember(batch.Id, part);
            _client.Log.Write("Created batch " + batch.Id + " (" + batch.StatusText + ") for " + part.Path);
            return batch;
        }

        public Task<QwenBatch> CreateAsync(string inputFileId, string endpoint, BatchOptions? options, CancellationToken cancellationToken)
        {
            options = options ?? new BatchOptions();
            return _client.SendAsync(new CreateBatchRequest
            {
                InputFileId = inputFileId,
                Endpoint = endpoint,
                CompletionWindow = options.CompletionWindow,
                Name = options.Name,
                Description = options.Description,
                CallbackUri = options.CallbackUri,
            }, cancellationToken);
        }

        public Task<QwenBatch> GetAsync(string batchId, CancellationToken cancellationToken) =>
            _client.SendAsync(new GetBatchRequest(Checked(batchId)), cancellationToken);

        /// <summary>Asks the service to cancel: the batch turns cancelling (running lines finish), then cancelled.</summary>
        public Task<QwenBatch> CancelAsync(string batchId, CancellationToken cancellationToken) =>
            _client.SendAsync(new GetBatchRequest(Checked(batchId), cancel: true), cancellationToken);

        /// <summary>One page of the account's batches, newest first; <paramref name="after"/> is the previous page's LastId.</summary>
        public Task<QwenBatchPage> ListAsync(BatchListFilter? filter, string? after, int? limit, CancellationToken cancellationToken) =>
            _client.SendAsync(new ListBatchesRequest(filter, after, limit), cancellationToken);

        /// <summary>
        /// Polls the batch until it ends and returns it (failed, expired and cancelled ones are returned, not thrown); each
        /// poll goes to <paramref name="progress"/>. Throttled or failing polls do not end the wait; cancelling stops the
        /// waiting only, never the batch. The wait timeout throws a Timeout <see cref="DashScopeException"/> naming the batch.
        /// </summary>
        public async Task<QwenBatch> WaitAsync(string batchId, TaskWaitOptions? options, IProgress<QwenBatch>? progress, CancellationToken cancellationToken)
        {
            Checked(batchId);
            var schedule = options ?? DefaultWaitOptions;
            return await PollLoop.UntilEndedAsync(_client, "batch " + batchId, token => GetAsync(batchId, token), batch => batch.IsTerminal, schedule, progress,
                (last, inner) => WaitTimedOut(batchId, last, schedule, inner), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Downloads the batch's output and error files into <paramref name="folder"/>, each unless it is already there
        /// (downloads are atomic: a file that exists is complete).
        /// </summary>
        public async Task<BatchDownload> DownloadAsync(QwenBatch batch, string folder, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
        {
            if (batch == null) throw new ArgumentNullException(nameof(batch));
            var download = new BatchDownload();
            if (!string.IsNullOrEmpty(batch.OutputFileId))
            {
                download.OutputPath = BatchStore.OutputPath(folder, batch.Id);
                download.DownloadedBytes += await FetchAsync(batch.OutputFileId!, download.OutputPath, progress, cancellationToken).ConfigureAwait(false);
            }
            if (!string.IsNullOrEmpty(batch.ErrorFileId))
            {
                download.ErrorsPath = BatchStore.ErrorsPath(folder, batch.Id);
                download.DownloadedBytes += await FetchAsync(batch.ErrorFileId!, download.ErrorsPath, progress, cancellationToken).ConfigureAwait(false);
            }
            return download;
        }

        /// <summary>A reader of the downloaded results, with the batch's input when the store has it.</summary>
        public BatchResultReader OpenResults(QwenBatch batch, BatchDownload download)
        {
            var manifest = Store.Find(batch.Id);
            var endpoint = batch.Endpoint ?? manifest?.Endpoint ?? Requests.CompatibleChatRequestBuilder.BatchUrl;
            return new BatchResultReader(batch.Id, endpoint, manifest?.InputPath, download.OutputPath, download.ErrorsPath,
                batch.Status == QwenBatchStatus.Completed ? null : batch.StatusText);
        }

        private async Task<long> FetchAsync(string fileId, string path, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
        {
            if (File.Exists(path))
            {
                _client.Log.Write("Already here, not downloaded again: " + path);
                return 0;
            }
            var saved = await _client.DownloadFileContentAsync(fileId, path, overwrite: false, progress, cancellationToken).ConfigureAwait(false);
            return saved.Length;
        }

        /// <summary>Refuses options the service does not take, before anything is sent.</summary>
        public static void CheckOptions(BatchOptions options)
        {
            CheckCompletionWindow(options.CompletionWindow);
            if (options.Name != null && options.Name.Length > 100)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "A batch name may have at most 100 characters; this one has " + options.Name.Length + ".");
            if (options.Description != null && options.Description.Length > 200)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "A batch description may have at most 200 characters; this one has " + options.Description.Length + ".");
            if (options.CallbackUri != null && (!options.CallbackUri.IsAbsoluteUri || (options.CallbackUri.Scheme != Uri.UriSchemeHttp && options.CallbackUri.Scheme != Uri.UriSchemeHttps)))
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "The finish callback must be an absolute http(s) URL the service can reach, not '" + options.CallbackUri.OriginalString + "'.");
        }

        /// <summary>Refuses a completion window the service does not take (24h to 336h, or 1d to 14d).</summary>
        internal static void CheckCompletionWindow(string window)
        {
            var match = WindowPattern.Match(window ?? string.Empty);
            var hours = match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? number * (match.Groups[2].Value == "d" ? 24 : 1) : -1;
            if (hours < 24 || hours > 336)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                    "The completion window '" + window + "' is not one the service takes: give 24h to 336h, or 1d to 14d (default 24h).");
        }

        private static DashScopeException WaitTimedOut(string batchId, QwenBatch? last, TaskWaitOptions options, Exception inner)
        {
            var status = last == null ? "not polled yet" : (last.StatusText ?? last.Status.ToString()) + ", " + last.RequestCounts + " at the last poll";
            var message = string.Format(CultureInfo.InvariantCulture,
                "Batch {0} did not end within {1:0.###} s ({2}). It goes on at the service: wait for it again, or receive its results, with the id {0}.",
                batchId, options.Timeout.GetValueOrDefault().TotalSeconds, status);
            return new DashScopeException(DashScopeErrorKind.Timeout, message, null, "WaitBatchTimeout", null, last?.RequestId, inner) { PartialResult = last };
        }

        private static string Checked(string batchId)
        {
            if (string.IsNullOrWhiteSpace(batchId)) throw new DashScopeException(DashScopeErrorKind.InvalidInput, "No batch id was given.");
            return batchId.Trim();
        }
    }
}
