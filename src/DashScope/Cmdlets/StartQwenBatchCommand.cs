using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using DashScope.Batches;
using DashScope.Models;

namespace DashScope.Cmdlets
{
    /// <summary>Sends a JSONL file of requests made elsewhere to DashScope's Batch API.</summary>
    /// <remarks>
    /// <para>
    /// Start-QwenBatch checks the file line by line before anything is sent: each line one JSON request with a unique
    /// custom_id, method POST, a url the Batch API serves (/v1/chat/completions or /v1/embeddings, the same on every line)
    /// and a body naming its model (the body of an OpenAI-compatible call). The first bad line fails the file, with its
    /// line number. Then the file is uploaded (purpose batch, with a progress bar at the console) and a batch is created
    /// (completion window 24 hours unless -CompletionWindow says otherwise; -Name, -Description and -CallbackUri as its
    /// ds_name, ds_description and ds_batch_finish_callback). It writes one QwenBatch.
    /// </para>
    /// <para>
    /// A file over the service's per-file limits (50,000 lines, 500 MB) or with several models is split into parts that are
    /// not, each its own batch: one QwenBatch per part, received together. The Batch API runs the requests within the
    /// window at half the price of synchronous calls. Wait-QwenBatch waits for a batch, Receive-QwenBatch writes its
    /// results in the order of the file's lines, Stop-QwenBatch cancels it, Remove-QwenFile deletes its files.
    /// </para>
    /// <para>
    /// The batch's id is all a later session needs: the module remembers (in ~/.dashscope/batches) which file it was made
    /// from, so results come back with their requests. -WhatIf checks the file and shows what would be created.
    /// </para>
    /// </remarks>
    /// <example>
    /// <code>Start-QwenBatch -Path ./requests.jsonl -Name 'Ticket triage' | Wait-QwenBatch | Receive-QwenBatch | Select-Object Prompt, Text</code>
    /// <para>Sends a file of requests as a batch, waits until it has run, and lists each prompt with its answer, in file order.</para>
    /// </example>
    /// <example>
    /// <code>Start-QwenBatch ./requests.jsonl -WhatIf</code>
    /// <para>Checks every line of the file and shows the batch that would be created, without sending anything.</para>
    /// </example>
    /// <example>
    /// <code>$batch = Start-QwenBatch ./requests.jsonl -CompletionWindow 48h -Description 'Backfill of March'; $batch.Id</code>
    /// <para>Gives the service two days, describes the batch, and keeps its id to receive the results later, in any session.</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Start, "QwenBatch", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
    [OutputType(typeof(QwenBatch))]
    public sealed class StartQwenBatchCommand : QwenBatchCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        /// <summary>The JSONL files of requests to send; wildcards are expanded.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        /// <summary>The JSONL files of requests to send, taken literally (no wildcards). Get-ChildItem output binds here by its PSPath.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[]? LiteralPath { get; set; }

        /// <summary>The batch's name (ds_name, at most 100 characters), to find it with Get-QwenBatch -Name; parts of a split file get " (1/3)" added.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateLength(1, 100)]
        public string? Name { get; set; }

        /// <summary>A description of the batch (ds_description, at most 200 characters).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateLength(1, 200)]
        public string? Description { get; set; }

        /// <summary>
        /// A public http(s) URL the service posts the batch's status to when it ends (ds_batch_finish_callback), instead of
        /// being polled with Wait-QwenBatch.
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? CallbackUri { get; set; }

        /// <summary>How long the service may take: 24h (the default) to 336h, or 1d to 14d. Requests not run by then are not billed.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string CompletionWindow { get; set; } = BatchClient.DefaultCompletionWindow;

        protected override void ProcessRecord()
        {
            var options = new BatchOptions { Name = Name, Description = Description, CallbackUri = CallbackUri, CompletionWindow = CompletionWindow };
            foreach (var path in PathResolver.Files(this, ParameterSetName == LiteralPathSet ? LiteralPath : Path, ParameterSetName == LiteralPathSet))
            {
                IReadOnlyList<BatchInputPart> parts;
                try
                {
                    BatchClient.CheckOptions(options);
                    parts = BatchFileValidator.Prepare(path, Batches.Store.DraftFolder);
                }
                catch (DashScopeException invalid)
                {
                    WriteError(ErrorRecords.From(invalid, path));
                    continue;
                }
                var lines = 0;
                foreach (var part in parts) lines += part.Lines;
                if (!ShouldProcess(path, "Create " + (parts.Count == 1 ? "a DashScope batch" : parts.Count + " DashScope batches") + " of " + lines + " requests"))
                {
                    foreach (var part in parts)
                    {
                        if (part.Owned) File.Delete(part.Path);
                    }
                    continue;
                }
                BatchSubmitter.Submit(this, Batches, parts, options, StopToken);
            }
        }
    }
}
