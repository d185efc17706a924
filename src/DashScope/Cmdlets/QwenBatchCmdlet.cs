using System;
using DashScope.Batches;

namespace DashScope.Cmdlets
{
    /// <summary>Base of the batch cmdlets: one batch client per command over the local batch store, calls awaited on the pipeline thread.</summary>
    public abstract class QwenBatchCmdlet : DashScopeCmdlet
    {
        private BatchClient? _batches;

        internal BatchClient Batches => _batches ?? throw new InvalidOperationException("BeginProcessing has not run.");

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _batches = new BatchClient(CreateClient(ResolveSettings()), BatchStore.ForCurrentUser());
        }
    }
}
