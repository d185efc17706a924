using System;
using System.Management.Automation;
using DashScope.Batches;
using DashScope.Models;

namespace DashScope.Cmdlets
{
    /// <summary>Deletes files stored with DashScope, and the files of batches.</summary>
    /// <remarks>
    /// <para>
    /// Remove-QwenFile deletes files through the OpenAI-compatible files API (DELETE /compatible-mode/v1/files/{id}).
    /// Ids come from -Id or from piped objects with an Id property (Get-QwenFile and Add-QwenFile output). It asks for
    /// confirmation when $ConfirmPreference is Medium or lower or with -Confirm, and -WhatIf shows what would be
    /// deleted. -PassThru writes what the service reported for each file.
    /// </para>
    /// <para>
    /// Batches (piped QwenBatch objects, or ids starting with batch_) are cleaned up whole: their input file, output file
    /// and error file at the service, and what this module keeps of them under ~/.dashscope/batches (the copy of their
    /// requests, and results received there). Files already gone are skipped. A batch that has not ended keeps its files: stop it with Stop-QwenBatch, or wait for it,
    /// first. Results already received into an -OutputFolder stay where they are.
    /// </para>
    /// </remarks>
    /// <example>
    /// <code>$file = Add-QwenFile ./notes.txt; Remove-QwenFile $file.Id</code>
    /// <para>Deletes one file by its id.</para>
    /// </example>
    /// <example>
    /// <code>Get-QwenFile | Remove-QwenFile -WhatIf</code>
    /// <para>Shows which files would be deleted, without deleting anything.</para>
    /// </example>
    /// <example>
    /// <code>Get-QwenFile -Name 'draft*' | Remove-QwenFile -Confirm:$false -PassThru</code>
    /// <para>Deletes all files whose name starts with draft without asking, and reports each deletion.</para>
    /// </example>
    /// <example>
    /// <code>Start-QwenBatch ./requests.jsonl | Wait-QwenBatch | Receive-QwenBatch -OutputFolder ./results | Export-Clixml ./answers.xml; Get-QwenBatch -Status Completed | Remove-QwenFile -Confirm:$false</code>
    /// <para>Receives a batch, keeping its result files in ./results, then deletes the files of every completed batch at the service.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Remove, "QwenFile", DefaultParameterSetName = IdSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(QwenFileDeletion))]
    public sealed class RemoveQwenFileCommand : QwenFileCmdlet
    {
        private const string IdSet = "Id";
        private const string BatchSet = "Batch";
        private const string BatchPrefix = "batch_";

        private BatchClient? _batches;

        /// <summary>The ids of the files to delete; QwenFile objects bind by their Id. An id starting with batch_ deletes that batch's files.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = IdSet)]
        [Alias("FileId")]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        /// <summary>Batches whose input, output and error files to delete (with what this module keeps of them under ~/.dashscope/batches).</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = BatchSet)]
        [ValidateNotNullOrEmpty]
        public QwenBatch[]? Batch { get; set; }

        /// <summary>Writes a QwenFileDeletion for each deleted file.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private BatchClient Batches => _batches ??= new BatchClient(Client, BatchStore.ForCurrentUser());

        protected override void ProcessRecord()
        {
            if (ParameterSetName == BatchSet)
            {
                foreach (var batch in Batch!) RemoveBatch(batch);
                return;
            }
            foreach (var id in Id!)
            {
                if (id.StartsWith(BatchPrefix, StringComparison.Ordinal))
                {
                    if (TryCall(token => Batches.GetAsync(id, token), id, out var batch)) RemoveBatch(batch);
                    continue;
                }
                if (!ShouldProcess(id, "Delete the DashScope file")) continue;
                if (TryCall(token => Files.DeleteAsync(id, token), id, out var deletion) && PassThru.IsPresent) WriteObject(deletion);
            }
        }

        private void RemoveBatch(QwenBatch given)
        {
            var batch = given;
            if (!batch.IsTerminal && !TryCall(token => Batches.GetAsync(given.Id, token), given.Id, out batch)) return;
            if (!batch.IsTerminal)
            {
                WriteError(new ErrorRecord(new DashScopeException(DashScopeErrorKind.InvalidInput,
                    "Batch " + batch.Id + " has not ended (" + batch.StatusText + "), so its files are kept: Stop-QwenBatch -Id " + batch.Id + ", or wait for it, first."),
                    "DashScope.BatchNotEnded", ErrorCategory.ResourceBusy, batch));
                return;
            }
            if (!ShouldProcess(batch.Id, "Delete the files of the DashScope batch (input, output, errors) and its copies in ~/.dashscope/batches")) return;
            foreach (var fileId in new[] { batch.InputFileId, batch.OutputFileId, batch.ErrorFileId })
            {
                if (string.IsNullOrEmpty(fileId)) continue;
                try
                {
                    var deletion = Await(Files.DeleteAsync(fileId!, StopToken));
                    if (PassThru.IsPresent) WriteObject(deletion);
                }
                catch (DashScopeException failure) when (failure.StatusCode == 404)
                {
                    WriteVerbose("File " + fileId + " of batch " + batch.Id + " is already gone.");
                }
                catch (DashScopeException failure)
                {
                    WriteError(ErrorRecords.From(failure, fileId));
                }
            }
            foreach (var path in Batches.Store.Forget(batch.Id)) WriteVerbose("Deleted " + path);
        }
    }
}
