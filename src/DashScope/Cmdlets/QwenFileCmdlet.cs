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
    }
}
