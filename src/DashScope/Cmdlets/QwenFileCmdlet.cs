using System;
using DashScope.Client;

namespace DashScope.Cmdlets
{
    /// <summary>Base of the file cmdlets: one files client per command, calls awaited on the pipeline thread.</summary>
    public abstract class QwenFileCmdlet : DashScopeCmdlet
    {
        private FilesClient? _files;
        private DashScopeClient? _client;

        internal FilesClient Files => _files!;

        /// <summary>The service client of this command (batches, for Remove-QwenFile).</summary>
        internal DashScopeClient Client => _client!;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _client = CreateClient(ResolveSettings());
            _files = new FilesClient(_client);
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
}
