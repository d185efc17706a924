using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using DashScope.Client;
using DashScope.Models;

namespace DashScope.Cmdlets
{
    /// <summary>Deletes files stored with DashScope.</summary>
    /// <remarks>
    /// <para>
    /// Remove-QwenFile deletes files through the OpenAI-compatible files API (DELETE /compatible-mode/v1/files/{id}).
    /// Ids come from -Id or from piped objects with an Id property (Get-QwenFile and Add-QwenFile output). It asks for
    /// confirmation when $ConfirmPreference is Medium or lower or with -Confirm, and -WhatIf shows what would be
    /// deleted. -PassThru writes what the service reported for each file.
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
    [Cmdlet(VerbsCommon.Remove, "QwenFile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(QwenFileDeletion))]
    public sealed class RemoveQwenFileCommand : QwenFileCmdlet
    {
        /// <summary>The ids of the files to delete; QwenFile objects bind by their Id.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FileId")]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        /// <summary>Writes a QwenFileDeletion for each deleted file.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var id in Id!)
            {
                if (!ShouldProcess(id, "Delete the DashScope file")) continue;
                if (TryCall(token => Files.DeleteAsync(id, token), id, out var deletion) && PassThru.IsPresent) WriteObject(deletion);
            }
        }
    }
}
