using System;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Client;
using DashScope.Transport;

namespace DashScope.Cmdlets
{
    /// <summary>
    /// Base of every cmdlet that calls the service: connection parameters (named as in Invoke-RestMethod),
    /// settings resolution, cancellation on Ctrl+C, and verbose lines drained on the pipeline thread.
    /// </summary>
    public abstract class DashScopeCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private DiagnosticLog? _log;

        /// <summary>API key for this call. A SecureString; a plain string is accepted and converted.</summary>
        [Parameter]
        [SecureStringTransformation]
        public SecureString? ApiKey { get; set; }

        /// <summary>The native API base, e.g. https://dashscope-intl.aliyuncs.com/api/v1.</summary>
        [Parameter]
        public Uri? BaseUri { get; set; }

        /// <summary>A region's shared host instead of -BaseUri: Beijing (default), Singapore, US, HongKong.</summary>
        [Parameter]
        public DashScopeRegion? Region { get; set; }

        /// <summary>Workspace id, sent as X-DashScope-WorkSpace.</summary>
        [Parameter]
        public string? Workspace { get; set; }

        /// <summary>Seconds the whole call may take, retries included; 0 means no limit.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int TimeoutSec { get; set; }

        /// <summary>Seconds of silence allowed while waiting for the answer or between stream events; 0 means no limit.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int IdleTimeoutSec { get; set; } = 300;

        /// <summary>Retries of throttled (429), timed-out (408), server (5xx) and network failures before any output.</summary>
        [Parameter]
        [ValidateRange(0, 100)]
        public int MaximumRetryCount { get; set; } = 3;

        /// <summary>Base wait in seconds before the first retry; doubles each retry, with jitter. Retry-After wins.</summary>
        [Parameter]
        [ValidateRange(0, 3600)]
        public int RetryIntervalSec { get; set; } = 2;

        /// <summary>Proxy server for this call; by default the system proxy ($env:HTTPS_PROXY) is used.</summary>
        [Parameter]
        public Uri? Proxy { get; set; }

        /// <summary>Credential for -Proxy.</summary>
        [Parameter]
        [Credential]
        public PSCredential? ProxyCredential { get; set; }

        /// <summary>Connect directly, ignoring any proxy settings.</summary>
        [Parameter]
        public SwitchParameter NoProxy { get; set; }

        /// <summary>Allow sending the API key over plain http to a host that is not this machine.</summary>
        [Parameter]
        public SwitchParameter AllowUnencryptedAuthentication { get; set; }

        /// <summary>Cancelled when the user presses Ctrl+C or a downstream command stops the pipeline.</summary>
        protected CancellationToken StopToken => _stop.Token;

        /// <summary>Resolves the settings of this call; fails (terminating) when no key can be found.</summary>
        protected ConnectionSettings ResolveSettings()
        {
            var session = SessionDefaults.Current;
            try
            {
                var key = new ApiKeyResolver().Resolve(ApiKey, session.ApiKey);
                var baseUri = DashScopeEndpoints.Resolve(BaseUri, Region, session.BaseUri ?? (session.Region.HasValue ? DashScopeEndpoints.ForRegion(session.Region.Value) : null),
                    Environment.GetEnvironmentVariable);
                var settings = new ConnectionSettings(baseUri, key)
                {
                    Workspace = string.IsNullOrEmpty(Workspace) ? session.Workspace : Workspace,
                    Timeout = TimeoutSec > 0 ? TimeSpan.FromSeconds(TimeoutSec) : (TimeSpan?)null,
                    IdleTimeout = TimeSpan.FromSeconds(IdleTimeoutSec),
                    Retry = new RetryPolicy(MaximumRetryCount, TimeSpan.FromSeconds(RetryIntervalSec)),
                    Proxy = Proxy,
                    ProxyCredential = ProxyCredential?.GetNetworkCredential(),
                    NoProxy = NoProxy.IsPresent,
                    AllowUnencryptedAuthentication = AllowUnencryptedAuthentication.IsPresent,
                };
                settings.EnsureKeyIsProtected(settings.BaseUri);
                _log = new DiagnosticLog(key);
                WriteVerbose("DashScope endpoint " + settings.BaseUri.AbsoluteUri + ", API key from " + key.Source +
                             (string.IsNullOrEmpty(settings.Workspace) ? string.Empty : ", workspace " + settings.Workspace));
                return settings;
            }
            catch (DashScopeException exception)
            {
                ThrowTerminatingError(ErrorRecords.From(exception, null));
                throw; // not reached
            }
        }

        /// <summary>A client for the resolved settings, logging into this cmdlet's verbose stream.</summary>
        protected DashScopeClient CreateClient(ConnectionSettings settings) => new DashScopeClient(settings, _log ?? new DiagnosticLog(settings.ApiKey));

        /// <summary>Waits for core work on the pipeline thread, then writes what it logged.</summary>
        protected T Await<T>(Task<T> task)
        {
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            finally
            {
                FlushVerbose();
            }
        }

        /// <inheritdoc cref="Await{T}(Task{T})"/>
        protected T Await<T>(ValueTask<T> task)
        {
            if (task.IsCompletedSuccessfully) return task.Result;
            return Await(task.AsTask());
        }

        protected void FlushVerbose()
        {
            if (_log == null) return;
            while (_log.TryRead(out var line)) WriteVerbose(line);
        }

        /// <summary>Ctrl+C and Select-Object -First: cancel the request in flight at once.</summary>
        protected override void StopProcessing()
        {
            try
            {
                _stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        public void Dispose()
        {
            DisposeResources();
            GC.SuppressFinalize(this);
        }

        /// <summary>Called once the pipeline is done with the cmdlet (also after a stop): cancel and release.</summary>
        protected virtual void DisposeResources()
        {
            try
            {
                _stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
            _stop.Dispose();
        }
    }
}
