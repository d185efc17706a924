using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Threading;
using DashScope.Batches;
using DashScope.Models;

namespace DashScope.Cmdlets
{
    /// <summary>Writes the results of batches of DashScope's Batch API, in the order of their requests.</summary>
    /// <remarks>
    /// <para>
    /// Receive-QwenBatch downloads a finished batch's output and error files and writes what synchronous calls would
    /// have written, one object per request and in the order of the requests (the service writes its results in any
    /// order): a QwenChatResult for a chat request, with its Prompt and its History (the conversation sent, then the
    /// answer) so it can be piped back into Invoke-QwenChat; for an embedding request, the QwenEmbedding
    /// Get-QwenEmbedding writes, whose Index is its input's position (Get-QwenEmbedding -AsBatch numbers the lines by
    /// it) and whose InputObject is its text. A request that failed is a non-terminating error whose id is the service's
    /// code (DashScope.&lt;code&gt;) and whose target is its prompt or text; a request without any result (the batch expired or was cancelled first) is DashScope.NoBatchResult.
    /// -Raw writes the result lines as the service wrote them instead, as strings.
    /// </para>
    /// <para>
    /// It works from the batch's id alone, in a new session: the module keeps each batch's requests under
    /// ~/.dashscope/batches. For a batch made elsewhere the results come in custom_id order when those are numbers, and
    /// carry no prompt. The files are downloaded into -OutputFolder (by default that same folder) as
    /// &lt;id&gt;.output.jsonl and &lt;id&gt;.errors.jsonl, atomically, and only once: receiving again reads them from
    /// there, even after Remove-QwenFile has deleted them at the service. A batch still running is an error that says
    /// to wait for it; piped batch objects are fetched anew when they had not ended yet.
    /// </para>
    /// </remarks>
    /// <example>
    /// <code>Get-Content ./tickets.txt | Invoke-QwenChat -Prompt 'Classify as bug, question or feature request:' -AsBatch | Wait-QwenBatch | Receive-QwenBatch | Group-Object Text</code>
    /// <para>Classifies every line of a file through the Batch API at half the price, and counts the answers.</para>
    /// </example>
    /// <example>
    /// <code>$batch = Start-QwenBatch ./requests.jsonl | Wait-QwenBatch; Receive-QwenBatch -Id $batch.Id -OutputFolder ./results | Export-Clixml ./answers.xml</code>
    /// <para>Receives by id (any later session works the same), keeping the downloaded files in ./results.</para>
    /// </example>
    /// <example>
    /// <code>Start-QwenBatch ./requests.jsonl | Wait-QwenBatch | Receive-QwenBatch -Raw | Set-Content ./results.jsonl</code>
    /// <para>Writes the result lines as the service wrote them, in the order of the requests.</para>
    /// </example>
    /// <example>
    /// <code>Start-QwenBatch ./requests.jsonl | Wait-QwenBatch | Receive-QwenBatch -ErrorVariable failed | Export-Csv ./answers.csv; $failed | ForEach-Object TargetObject</code>
    /// <para>Saves the answers and lists the prompts whose requests failed.</para>
    /// </example>
    /// <example>
    /// <code>Get-Content ./corpus.txt | Get-QwenEmbedding -AsBatch | Wait-QwenBatch | Receive-QwenBatch | Select-Object Index, Dimensions, Text</code>
    /// <para>Embeds every line through the Batch API; each vector comes back with the index of its line and its text.</para>
    /// </example>
    [Cmdlet(VerbsCommunications.Receive, "QwenBatch", DefaultParameterSetName = BatchSet)]
    [OutputType(typeof(QwenChatResult), typeof(QwenEmbedding), typeof(string))]
    public sealed class ReceiveQwenBatchCommand : QwenBatchCmdlet
    {
        private const string BatchSet = "Batch";
        private const string IdSet = "Id";
        private const int ActivityId = 0x5144;

        /// <summary>Batches to receive, as Start-QwenBatch, Wait-QwenBatch, Get-QwenBatch and Invoke-QwenChat -AsBatch write them.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = BatchSet)]
        [ValidateNotNullOrEmpty]
        public QwenBatch[]? Batch { get; set; }

        /// <summary>The ids of the batches to receive (batch_…), for example in a later session.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = IdSet)]
        [Alias("BatchId")]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        /// <summary>Where the output and error files are downloaded (and found again); by default ~/.dashscope/batches.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutputFolder { get; set; }

        /// <summary>Writes the result lines as the service wrote them (JSON text), in the order of the requests, instead of result objects.</summary>
        [Parameter]
        public SwitchParameter Raw { get; set; }

        protected override void ProcessRecord()
        {
            var folder = OutputFolder == null ? Batches.Store.Folder : GetUnresolvedProviderPathFromPSPath(OutputFolder);
            if (ParameterSetName == IdSet)
            {
                foreach (var id in Id!)
                {
                    if (TryCall(token => Batches.GetAsync(id, token), id, out var fetched)) Receive(fetched, folder);
                }
                return;
            }
            foreach (var given in Batch!)
            {
                var batch = given;
                // A batch written before it ended says nothing of its result files yet.
                if (!batch.IsTerminal && !TryCall(token => Batches.GetAsync(given.Id, token), given.Id, out batch)) continue;
                Receive(batch, folder);
            }
        }

        private void Receive(QwenBatch batch, string folder)
        {
            if (!batch.IsTerminal)
            {
                WriteError(new ErrorRecord(new DashScopeException(DashScopeErrorKind.InvalidInput,
                    "Batch " + batch.Id + " has not ended (" + batch.StatusText + ", " + batch.RequestCounts + "): wait for it with Wait-QwenBatch -Id " + batch.Id + ", then receive it."),
                    "DashScope.BatchNotEnded", ErrorCategory.ResourceBusy, batch));
                return;
            }
            if (batch.Status == QwenBatchStatus.Failed)
            {
                WriteError(new ErrorRecord(new DashScopeException(DashScopeErrorKind.Service,
                    "Batch " + batch.Id + " failed validation and ran nothing" + (batch.Errors.Count > 0 ? ": " + string.Join("; ", batch.Errors) : "."),
                    null, batch.Errors.Count > 0 ? batch.Errors[0].Code : null, batch.Errors.Count > 0 ? batch.Errors[0].Message : null, batch.RequestId),
                    "DashScope.BatchFailed", ErrorCategory.InvalidData, batch));
                return;
            }
            var showProgress = IsInteractiveHost();
            long received = 0;
            var progress = new ActionProgress<DownloadProgress>(download => Interlocked.Exchange(ref received, download.BytesReceived));
            BatchDownload download;
            try
            {
                download = AwaitWithTicks(Batches.DownloadAsync(batch, folder, progress, StopToken), () =>
                {
                    if (showProgress)
                        WriteProgress(new ProgressRecord(ActivityId, "Downloading the results of batch " + batch.Id,
                            (Interlocked.Read(ref received) / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB"));
                });
            }
            catch (DashScopeException failure)
            {
                WriteError(ErrorRecords.From(failure, batch));
                return;
            }
            finally
            {
                if (showProgress) WriteProgress(new ProgressRecord(ActivityId, "Downloading the results of batch " + batch.Id, "Done") { RecordType = ProgressRecordType.Completed });
            }
            WriteVerbose("Batch " + batch.Id + ": " + (download.DownloadedBytes > 0 ? download.DownloadedBytes + " bytes downloaded" : "results already in " + folder) +
                         (download.OutputPath == null ? string.Empty : ", output " + download.OutputPath) + (download.ErrorsPath == null ? string.Empty : ", errors " + download.ErrorsPath));
            var reader = Batches.OpenResults(batch, download);
            if (!reader.HasInput)
                WriteWarning("The requests of batch " + batch.Id + " are not on this machine: results come in custom_id order and carry no prompt.");
            try
            {
                foreach (var line in reader.Read(Raw.IsPresent))
                {
                    if (line.Error != null) WriteError(ErrorRecords.From(line.Error, line.Input));
                    // A line of several texts (a file made elsewhere) gives an embedding per text.
                    else WriteObject(Raw.IsPresent ? line.Raw : line.Value, enumerateCollection: !Raw.IsPresent);
                }
            }
            catch (IOException failure)
            {
                WriteError(new ErrorRecord(failure, "DashScope.BatchResultsUnreadable", ErrorCategory.ReadError, batch));
            }
        }
    }
}
