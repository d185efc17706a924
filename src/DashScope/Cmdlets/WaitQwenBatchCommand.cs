using System;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using DashScope.Batches;
using DashScope.Models;

namespace DashScope.Cmdlets
{
    /// <summary>Waits until batches of DashScope's Batch API have ended and writes them.</summary>
    /// <remarks>
    /// <para>
    /// Wait-QwenBatch polls each batch (at once, then after 1 second, doubling every third poll up to a minute) until it
    /// has ended (Completed, Failed, Expired or Cancelled), then writes it, ready for Receive-QwenBatch. At the console a
    /// progress bar shows how many of its requests are done and how many failed. Ctrl+C stops the waiting only: the
    /// batch goes on at the service, and Wait-QwenBatch or Receive-QwenBatch with its id picks it up again, in this session
    /// or another. Batches are piped in (Start-QwenBatch, Invoke-QwenChat -AsBatch, Get-QwenBatch) or given by id.
    /// </para>
    /// <para>
    /// A batch that ended without running its requests is written too, with a warning: Failed (the input did not pass
    /// validation; its Errors name the lines), Expired or Cancelled. -Timeout limits the wait; when it runs out, the error
    /// DashScope.Timeout names the batch and its state.
    /// </para>
    /// </remarks>
    /// <example>
    /// <code>Start-QwenBatch ./requests.jsonl | Wait-QwenBatch | Receive-QwenBatch</code>
    /// <para>Sends a file, waits until it has run, and writes the results in file order.</para>
    /// </example>
    /// <example>
    /// <code>$batch = Start-QwenBatch ./requests.jsonl; Wait-QwenBatch -Id $batch.Id -Timeout 3600</code>
    /// <para>Waits at most an hour for a batch known by its id.</para>
    /// </example>
    /// <example>
    /// <code>Start-QwenBatch ./requests.jsonl -Name 'Backfill'; Get-QwenBatch -Name 'Backfill' -Status Validating, InProgress | Wait-QwenBatch | Format-Table Id, Status, RequestCounts</code>
    /// <para>Waits for every running batch named Backfill and shows how each ended.</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Wait, "QwenBatch")]
    [OutputType(typeof(QwenBatch))]
    public sealed class WaitQwenBatchCommand : QwenBatchCmdlet
    {
        private const int ActivityId = 0x5143;

        /// <summary>The ids of the batches to wait for (batch_…); QwenBatch objects bind by their Id.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("BatchId")]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        /// <summary>The most seconds to wait for each batch; 0, the default, waits until it ends.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int Timeout { get; set; }

        protected override void ProcessRecord()
        {
            var showProgress = IsInteractiveHost();
            foreach (var id in Id!)
            {
                var options = BatchClient.DefaultWaitOptions;
                if (Timeout > 0) options.Timeout = TimeSpan.FromSeconds(Timeout);
                QwenBatch? latest = null;
                var polls = new ActionProgress<QwenBatch>(batch => Interlocked.Exchange(ref latest, batch));
                try
                {
                    var ended = AwaitWithTicks(Batches.WaitAsync(id, options, polls, StopToken), () =>
                    {
                        var batch = Volatile.Read(ref latest);
                        if (showProgress && batch != null) WriteProgress(ProgressOf(batch));
                    });
                    if (ended.Status == QwenBatchStatus.Failed)
                        WriteWarning("Batch " + ended.Id + " failed validation and ran nothing" + (ended.Errors.Count > 0 ? ": " + ended.Errors[0] : ".") +
                                     (ended.Errors.Count > 1 ? " (" + ended.Errors.Count + " errors in its Errors)" : string.Empty));
                    else if (ended.Status == QwenBatchStatus.Expired || ended.Status == QwenBatchStatus.Cancelled)
                        WriteWarning("Batch " + ended.Id + " ended " + ended.StatusText + " with " + ended.RequestCounts + "; Receive-QwenBatch gives what ran and an error for each request that did not.");
                    WriteObject(ended);
                }
                catch (DashScopeException failure)
                {
                    WriteError(ErrorRecords.From(failure, id));
                }
                finally
                {
                    if (showProgress) WriteProgress(new ProgressRecord(ActivityId, "Waiting for batch " + id, "Done") { RecordType = ProgressRecordType.Completed });
                }
            }
        }

        private static ProgressRecord ProgressOf(QwenBatch batch)
        {
            var counts = batch.RequestCounts;
            var done = counts.Completed + counts.Failed;
            return new ProgressRecord(ActivityId, "Waiting for batch " + batch.Id, string.Format(CultureInfo.InvariantCulture,
                "{0}: {1:N0} of {2:N0} requests done, {3:N0} failed", batch.StatusText, done, counts.Total, counts.Failed))
            {
                PercentComplete = counts.Total == 0 ? -1 : Math.Min(100, 100 * done / counts.Total),
            };
        }
    }
}
