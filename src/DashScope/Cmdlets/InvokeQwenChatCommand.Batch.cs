using System.Collections.Generic;
using System.Management.Automation;
using DashScope.Batches;
using DashScope.Models;

namespace DashScope.Cmdlets
{
    // -AsBatch for Invoke-QwenChat: every request goes into a Batch API input file instead of out on the wire.
    // (A plain comment: the class's documentation, which the help is generated from, is in InvokeQwenChatCommand.cs.)
    [OutputType(typeof(QwenBatch))]
    public sealed partial class InvokeQwenChatCommand
    {
        private BatchDraft? _batch;

        /// <summary>
        /// Sends the requests through DashScope's Batch API instead of one by one: each input becomes one line of a JSONL
        /// file (the body a synchronous call would send), written to disk as the input arrives, uploaded at the end (with a
        /// progress bar at the console) and created as a batch that runs within 24 hours at half the price. Writes a
        /// QwenBatch; Wait-QwenBatch waits for it and Receive-QwenBatch writes the results, in input order, as the
        /// QwenChatResults this command would have written. With a prompt on the command line each piped item gets its own
        /// request (the prompt, a blank line, then the item), instead of one request for all. Input over the service's
        /// per-file limits (50,000 requests, 500 MB) becomes several batches. Cannot be combined with -Stream; tools are
        /// offered but not run (their calls come back in the results).
        /// </summary>
        [Parameter]
        public SwitchParameter AsBatch { get; set; }

        /// <summary>With -AsBatch: the batch's name (ds_name, at most 100 characters), to find it with Get-QwenBatch -Name.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateLength(1, 100)]
        public string? BatchName { get; set; }

        /// <summary>With -AsBatch: a description of the batch (ds_description, at most 200 characters).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateLength(1, 200)]
        public string? BatchDescription { get; set; }

        /// <summary>Opens the batch input file when -AsBatch is given; refuses what a batch cannot do.</summary>
        private void BeginBatch()
        {
            if (!AsBatch.IsPresent)
            {
                if (BatchName != null || BatchDescription != null) WriteWarning("-BatchName and -BatchDescription have no effect without -AsBatch.");
                return;
            }
            if (Stream.IsPresent)
                ThrowTerminatingError(ErrorRecords.InvalidInput("-Stream and -AsBatch contradict each other: a batch answers later, all at once. Give one of them.", "StreamAsBatch", null));
            if (RemoveDocument.IsPresent)
                ThrowTerminatingError(ErrorRecords.InvalidInput("-RemoveDocument would delete the documents before the batch reads them: leave it out with -AsBatch, and remove them once the results are in.", "RemoveDocumentAsBatch", null));
            if (Tool != null && Tool.Length > 0 && InvokeTool != QwenToolInvocation.None)
                WriteWarning("-AsBatch runs no tools: the model's tool calls come back in the results' ToolCalls.");
            _batch = new BatchDraft(this);
        }

        /// <summary>With -AsBatch a piped item gets its own request even with a prompt on the command line; true when it did.</summary>
        private bool SendBatchItem(object item)
        {
            if (_batch == null) return false;
            var text = (item is PSObject wrapped ? wrapped.BaseObject : item) as string ?? FormatPipedInput(new List<object> { item });
            if (string.IsNullOrWhiteSpace(text))
            {
                _blankInputs++;
                return true;
            }
            Send(null, string.IsNullOrWhiteSpace(Prompt) ? text : Prompt + "\n\n" + text, null);
            return true;
        }

        /// <summary>With -AsBatch: writes the request as a line instead of sending it; true when it did.</summary>
        private bool WriteBatchLine(IList<QwenChatMessage>? history, string? prompt, object? target)
        {
            if (_batch == null) return false;
            _batch.Add(() => BuildRequest(history, prompt, target as QwenChatResult), target ?? prompt);
            return true;
        }

        /// <summary>Uploads the batch input and creates the batches (after -WhatIf and -Confirm have their say).</summary>
        private void SubmitBatch() =>
            _batch?.Submit(Client, Model, new BatchOptions { Name = BatchName, Description = BatchDescription }, StopToken);

        protected override void DisposeResources()
        {
            _batch?.Close(StopToken.IsCancellationRequested);
            base.DisposeResources();
        }
    }
}
