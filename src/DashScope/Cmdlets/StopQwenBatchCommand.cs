using System.Management.Automation;
using DashScope.Models;

namespace DashScope.Cmdlets
{
    /// <summary>Cancels batches of DashScope's Batch API.</summary>
    /// <remarks>
    /// <para>
    /// Stop-QwenBatch asks the service to cancel each batch (POST …/batches/{id}/cancel). The batch turns Cancelling:
    /// requests already running finish (and are billed), the others do not run; then it is Cancelled, and its error file
    /// lists every request that did not run. Receive-QwenBatch then writes the results there are and an error for each of
    /// the others. A batch that has already ended cannot be cancelled (an error says so).
    /// </para>
    /// <para>
    /// It asks for confirmation when $ConfirmPreference is Medium or lower or with -Confirm; -WhatIf shows what would be
    /// cancelled. -PassThru writes each batch as the service answered (Cancelling), to pipe into Wait-QwenBatch.
    /// </para>
    /// </remarks>
    /// <example>
    /// <code>$batch = Start-QwenBatch ./requests.jsonl; Stop-QwenBatch -Id $batch.Id -Confirm:$false</code>
    /// <para>Cancels a batch just started.</para>
    /// </example>
    /// <example>
    /// <code>Get-QwenBatch -Name 'test run' -Status InProgress, Validating | Stop-QwenBatch -WhatIf</code>
    /// <para>Shows which running batches named test run would be cancelled.</para>
    /// </example>
    /// <example>
    /// <code>Start-QwenBatch ./requests.jsonl | Stop-QwenBatch -PassThru -Confirm:$false | Wait-QwenBatch | Select-Object Id, Status, RequestCounts</code>
    /// <para>Cancels a batch and waits until it is Cancelled.</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Stop, "QwenBatch", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(QwenBatch))]
    public sealed class StopQwenBatchCommand : QwenBatchCmdlet
    {
        /// <summary>The ids of the batches to cancel (batch_…); QwenBatch objects bind by their Id.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("BatchId")]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        /// <summary>Writes each batch as the service answered the cancellation (Cancelling).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var id in Id!)
            {
                if (!ShouldProcess(id, "Cancel the DashScope batch")) continue;
                if (TryCall(token => Batches.CancelAsync(id, token), id, out var batch) && PassThru.IsPresent) WriteObject(batch);
            }
        }
    }
}
