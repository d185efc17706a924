using System;
using System.Management.Automation;
using DashScope.Client;
using DashScope.Models;

namespace DashScope.Cmdlets
{
    /// <summary>Uploads documents to DashScope for qwen-long (the files API, purpose file-extract).</summary>
    /// <remarks>
    /// <para>
    /// Add-QwenFile uploads local files through the OpenAI-compatible files API (/compatible-mode/v1/files) and writes
    /// one QwenFile per upload: its Id (file-fe-...), FileName, Bytes, Purpose, Status and CreatedAt. The id is what
    /// qwen-long reads as fileid://Id; pass the QwenFile or its id to Invoke-QwenChat -Document, or let
    /// Invoke-QwenChat -Document upload local files itself.
    /// </para>
    /// <para>
    /// Files come from -Path (wildcards allowed), -LiteralPath, or the pipeline (Get-ChildItem output binds by its
    /// PSPath). With the default purpose file-extract, only document types qwen-long reads are accepted (txt, doc,
    /// docx, pdf, xlsx, xls, epub, mobi, md, csv, json, html) and at most 150 MB; anything else fails before it is
    /// sent. Uploads are kept by the service until removed with Remove-QwenFile. -WhatIf shows what would be uploaded.
    /// </para>
    /// </remarks>
    /// <example>
    /// <code>Add-QwenFile ./report.pdf</code>
    /// <para>Uploads a PDF and shows its file id.</para>
    /// </example>
    /// <example>
    /// <code>$docs = Get-ChildItem ./docs -File | Add-QwenFile; Invoke-QwenChat 'What do these documents say about passwords?' -Document $docs</code>
    /// <para>Uploads every file of a folder and asks qwen-long about all of them at once.</para>
    /// </example>
    /// <example>
    /// <code>$doc = Add-QwenFile ./docs/handbook.txt; Invoke-QwenChat 'Summarise the working hours.' -Document $doc; Remove-QwenFile $doc.Id</code>
    /// <para>Uploads once, asks about it, and removes the upload afterwards.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Add, "QwenFile", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(QwenFile))]
    public sealed class AddQwenFileCommand : QwenFileCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        /// <summary>The files to upload; wildcards are expanded.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        /// <summary>The files to upload, taken literally (no wildcards). Get-ChildItem output binds here by its PSPath.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[]? LiteralPath { get; set; }

        /// <summary>The purpose of the upload; file-extract (the default) is what qwen-long reads.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Purpose { get; set; } = FilesClient.DefaultPurpose;

        protected override void ProcessRecord()
        {
            var literal = ParameterSetName == LiteralPathSet;
            foreach (var path in PathResolver.Files(this, literal ? LiteralPath : Path, literal,
                         folder => "'" + folder + "' is a folder; pipe its files: Get-ChildItem '" + folder + "' -File | Add-QwenFile."))
            {
                if (string.Equals(Purpose, FilesClient.DefaultPurpose, StringComparison.Ordinal))
                {
                    try
                    {
                        FilesClient.EnsureDocument(path);
                    }
                    catch (DashScopeException invalid)
                    {
                        WriteError(ErrorRecords.From(invalid, path));
                        continue;
                    }
                }
                if (!ShouldProcess(path, "Upload to DashScope (purpose " + Purpose + ")")) continue;
                if (TryCall(token => Files.UploadAsync(path, Purpose, token), path, out var file)) WriteObject(file);
            }
        }
    }
}
