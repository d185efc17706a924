using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using DashScope.Client;
using DashScope.Models;

namespace DashScope.Cmdlets
{
    /// <summary>Base of the file cmdlets: one files client per command, calls awaited on the pipeline thread.</summary>
    public abstract class QwenFileCmdlet : DashScopeCmdlet
    {
        private FilesClient? _files;

        internal FilesClient Files => _files!;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _files = new FilesClient(CreateClient(ResolveSettings()));
        }

        /// <summary>Runs one call; a failure becomes a non-terminating error for that item.</summary>
        internal bool TryCall<T>(Func<System.Threading.CancellationToken, System.Threading.Tasks.Task<T>> call, object? target, out T result)
        {
            try
            {
                result = Await(call(StopToken));
                return true;
            }
            catch (DashScopeException failure)
            {
                WriteError(ErrorRecords.From(failure, target));
                result = default!;
                return false;
            }
        }
    }

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
            foreach (var path in ResolvePaths())
            {
                if (Directory.Exists(path))
                {
                    WriteError(ErrorRecords.InvalidInput("'" + path + "' is a folder; pipe its files: Get-ChildItem '" + path + "' -File | Add-QwenFile.", "NotAFile", path));
                    continue;
                }
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

        private IEnumerable<string> ResolvePaths()
        {
            var literal = ParameterSetName == LiteralPathSet;
            foreach (var item in (literal ? LiteralPath : Path) ?? Array.Empty<string>())
            {
                var resolved = new List<string>();
                try
                {
                    if (literal)
                    {
                        resolved.Add(GetUnresolvedProviderPathFromPSPath(item));
                    }
                    else
                    {
                        resolved.AddRange(GetResolvedProviderPathFromPSPath(item, out _));
                    }
                }
                catch (Exception exception) when (exception is ItemNotFoundException || exception is ProviderNotFoundException || exception is System.Management.Automation.DriveNotFoundException)
                {
                    WriteError(new ErrorRecord(exception, "DashScope.PathNotFound", ErrorCategory.ObjectNotFound, item));
                    continue;
                }
                foreach (var path in resolved)
                {
                    if (!File.Exists(path) && !Directory.Exists(path))
                    {
                        WriteError(new ErrorRecord(new FileNotFoundException("Cannot find the file '" + path + "'.", path), "DashScope.PathNotFound", ErrorCategory.ObjectNotFound, path));
                        continue;
                    }
                    yield return path;
                }
            }
        }
    }

    /// <summary>Lists the files stored with DashScope, or gets one by id.</summary>
    /// <remarks>
    /// <para>
    /// Get-QwenFile reads the OpenAI-compatible files API (/compatible-mode/v1/files). Without -Id it lists every file
    /// of the account, page after page (Select-Object -First stops early); -Purpose and -Name (wildcards on the file
    /// name) filter the list. With -Id (or piped objects with an Id property) it gets those files; an unknown id is a
    /// non-terminating ObjectNotFound error.
    /// </para>
    /// </remarks>
    /// <example>
    /// <code>Get-QwenFile</code>
    /// <para>Lists all stored files with id, name, size, status and creation time.</para>
    /// </example>
    /// <example>
    /// <code>Get-QwenFile -Name *.pdf | Where-Object CreatedAt -lt (Get-Date).AddDays(-30) | Remove-QwenFile</code>
    /// <para>Removes the PDF uploads older than 30 days (Remove-QwenFile asks first unless -Confirm:$false).</para>
    /// </example>
    /// <example>
    /// <code>$file = Add-QwenFile ./notes.txt; Get-QwenFile -Id $file.Id | Format-List</code>
    /// <para>Uploads a file and shows its details as the service reports them.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "QwenFile", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(QwenFile))]
    public sealed class GetQwenFileCommand : QwenFileCmdlet
    {
        private const string ListSet = "List";
        private const string IdSet = "Id";

        /// <summary>The ids of the files to get (file-fe-...); QwenFile objects bind by their Id.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = IdSet)]
        [Alias("FileId")]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        /// <summary>Lists only files with this purpose, e.g. file-extract.</summary>
        [Parameter(ParameterSetName = ListSet)]
        public string? Purpose { get; set; }

        /// <summary>Lists only files whose name matches this pattern (wildcards allowed).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [SupportsWildcards]
        public string? Name { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == IdSet)
            {
                foreach (var id in Id!)
                {
                    if (TryCall(token => Files.GetAsync(id, token), id, out var file)) WriteObject(file);
                }
                return;
            }
            var pattern = string.IsNullOrEmpty(Name) ? null : new WildcardPattern(Name, WildcardOptions.IgnoreCase);
            string? after = null;
            for (var page = 0; page < 10000; page++)
            {
                if (!TryCall(token => Files.ListAsync(after, null, Purpose, token), null, out var listed)) return;
                foreach (var file in listed.Files)
                {
                    if (pattern == null || pattern.IsMatch(file.FileName ?? string.Empty)) WriteObject(file);
                }
                if (!listed.HasMore || listed.Files.Count == 0) return;
                after = listed.Files[listed.Files.Count - 1].Id;
            }
        }
    }

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
