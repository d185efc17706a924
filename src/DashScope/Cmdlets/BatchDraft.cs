using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using DashScope.Batches;
using DashScope.Client;
using DashScope.Requests;

namespace DashScope.Cmdlets
{
    /// <summary>
    /// The batch input of a command run with -AsBatch (Invoke-QwenChat, Get-QwenEmbedding): each request becomes a line
    /// of a draft file as the input arrives, instead of a call; at the end the lines are uploaded and created as batches,
    /// after -WhatIf and -Confirm have had their say. Input never sent is deleted; after a failed upload it is kept for
    /// Start-QwenBatch to send again, unless the command was stopped.
    /// </summary>
    internal sealed class BatchDraft
    {
        private readonly DashScopeCmdlet _cmdlet;
        private readonly BatchStore _store = BatchStore.ForCurrentUser();
        private readonly BatchInputWriter _writer;
        private bool _submitted;

        public BatchDraft(DashScopeCmdlet cmdlet)
        {
            _cmdlet = cmdlet;
            _writer = new BatchInputWriter(_store.DraftFolder);
        }

        /// <summary>Writes a chat request as a line; a request that cannot be one is an error about <paramref name="target"/>.</summary>
        public void Add(Func<ChatRequest> build, object? target) => Write(() => _writer.Add(build()), target);

        /// <summary>Writes an embedding request as the line of input <paramref name="inputIndex"/>, which its result keeps.</summary>
        public void Add(Func<CompatibleEmbeddingRequest> build, int inputIndex, object? target) => Write(() => _writer.Add(build(), inputIndex), target);

        private void Write(Func<string> add, object? target)
        {
            try
            {
                add();
            }
            catch (DashScopeException invalid)
            {
                _cmdlet.WriteError(ErrorRecords.From(invalid, target));
            }
        }

        /// <summary>
        /// Uploads the lines written and creates their batches, writing a QwenBatch for each; nothing when no line was
        /// written or -WhatIf (or a declined -Confirm) says no. <paramref name="model"/> names what the requests call.
        /// </summary>
        public void Submit(DashScopeClient client, string model, BatchOptions options, CancellationToken cancellationToken)
        {
            var parts = _writer.Complete();
            if (_writer.Lines == 0)
            {
                _writer.Discard();
                return;
            }
            var description = string.Format(CultureInfo.InvariantCulture, "{0} requests to {1} ({2:0.0} MB{3})", _writer.Lines, model,
                _writer.Bytes / 1048576.0, parts.Count > 1 ? ", " + parts.Count + " batches" : string.Empty);
            if (!_cmdlet.ShouldProcess(description, "Create a DashScope batch (results within 24 hours, at half the price)"))
            {
                _writer.Discard();
                return;
            }
            _submitted = true;
            _cmdlet.WriteVerbose("Batch input: " + description + " in " + string.Join(", ", parts.Select(part => part.Path)));
            BatchSubmitter.Submit(_cmdlet, new BatchClient(client, _store), parts, options, cancellationToken);
        }

        /// <summary>
        /// Releases the draft when the command is done: input not submitted is deleted, and so is the unsent rest of a
        /// command that was <paramref name="stopped"/> (Ctrl+C, a stopped pipeline); submitted batches keep theirs.
        /// </summary>
        public void Close(bool stopped)
        {
            if (!_submitted || stopped) _writer.Discard();
            _writer.Dispose();
        }
    }
}
