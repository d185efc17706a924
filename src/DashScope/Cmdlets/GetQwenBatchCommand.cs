using System;
using System.Management.Automation;
using DashScope.Batches;
using DashScope.Models;

namespace DashScope.Cmdlets
{
    /// <summary>Gets batches of DashScope's Batch API by id, or lists them.</summary>
    /// <remarks>
    /// <para>
    /// With -Id (or piped batches or ids) Get-QwenBatch gets each batch as it is now: its Status (Validating,
    /// InProgress, Finalizing, Completed, Failed, Expired, Cancelling, Cancelled), RequestCounts (total, completed,
    /// failed), the ids of its input, output and error files, its times, and for a batch that failed validation the
    /// Errors with the line of the input each is about.
    /// </para>
    /// <para>
    /// Without -Id it lists the account's batches, newest first, page after page as the service pages them
    /// (Select-Object -First stops early; -PageSize sets how many come per request). -Status, -Name (a part of the name
    /// given at creation), -InputFileId, -CreatedAfter and -CreatedBefore filter the list at the service. The service keeps batches for 30 days.
    /// </para>
    /// </remarks>
    /// <example>
    /// <code>Get-QwenBatch -Status InProgress, Validating</code>
    /// <para>Lists the batches still running.</para>
    /// </example>
    /// <example>
    /// <code>Get-QwenBatch -Name 'triage' -CreatedAfter (Get-Date).AddDays(-7) | Format-Table Id, Status, RequestCounts, CreatedAt</code>
    /// <para>Lists the batches of the last week whose name contains triage.</para>
    /// </example>
    /// <example>
    /// <code>$batch = Start-QwenBatch ./requests.jsonl; Get-QwenBatch -Id $batch.Id | Format-List</code>
    /// <para>Shows everything the service says about one batch.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "QwenBatch", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(QwenBatch))]
    public sealed class GetQwenBatchCommand : QwenBatchCmdlet
    {
        private const string ListSet = "List";
        private const string IdSet = "Id";

        /// <summary>The ids of the batches to get (batch_…); QwenBatch objects bind by their Id.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = IdSet)]
        [Alias("BatchId")]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        /// <summary>Lists only batches in these states.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public QwenBatchStatus[]? Status { get; set; }

        /// <summary>Lists only batches whose name (ds_name) contains this text.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>Lists only batches of these input files (file-batch-…; at most 20).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        [ValidateCount(1, 20)]
        public string[]? InputFileId { get; set; }

        /// <summary>Lists only batches created at or after this time.</summary>
        [Parameter(ParameterSetName = ListSet)]
        public DateTime? CreatedAfter { get; set; }

        /// <summary>Lists only batches created before this time.</summary>
        [Parameter(ParameterSetName = ListSet)]
        public DateTime? CreatedBefore { get; set; }

        /// <summary>Batches per request while listing (limit; 1 to 100, the service's default: 20).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, 100)]
        public int? PageSize { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == IdSet)
            {
                foreach (var id in Id!)
                {
                    if (TryCall(token => Batches.GetAsync(id, token), id, out var batch)) WriteObject(batch);
                }
                return;
            }
            var filter = new BatchListFilter
            {
                Status = Status,
                Name = Name,
                InputFileIds = InputFileId,
                CreatedAfter = CreatedAfter.HasValue ? new DateTimeOffset(CreatedAfter.Value) : (DateTimeOffset?)null,
                CreatedBefore = CreatedBefore.HasValue ? new DateTimeOffset(CreatedBefore.Value) : (DateTimeOffset?)null,
            };
            string? after = null;
            while (true)
            {
                if (!TryCall(token => Batches.ListAsync(filter, after, PageSize, token), null, out var page)) return;
                foreach (var batch in page.Items) WriteObject(batch);
                if (!page.HasMore || page.Items.Count == 0 || page.LastId == null) return;
                after = page.LastId;
            }
        }
    }
}
