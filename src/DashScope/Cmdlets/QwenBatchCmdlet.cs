using System;
using System.Threading;
using System.Threading.Tasks;
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

        /// <summary>Runs one call; a failure becomes a non-terminating error about <paramref name="target"/>.</summary>
        internal bool TryCall<T>(Func<CancellationToken, Task<T>> call, object? target, out T result)
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
}
