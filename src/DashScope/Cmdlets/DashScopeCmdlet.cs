using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
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

        /// <summary>
        /// The API key for this call only. A SecureString; a plain string (such as $env:OTHER_KEY) is accepted and
        /// converted. Without it the key comes from Connect-DashScope, $env:DASHSCOPE_API_KEY, the file named by
        /// $env:DASHSCOPE_API_KEY_FILE_PATH or ~/.dashscope/api_key, in that order. The key never appears in output,
        /// verbose text or errors.
        /// </summary>
        [Parameter]
        [SecureStringTransformation]
        public SecureString? ApiKey { get; set; }

        /// <summary>
        /// The API base URL for this call: DashScope's native base including /api/v1, for example
        /// https://dashscope-intl.aliyuncs.com/api/v1 (same meaning as $env:DASHSCOPE_HTTP_BASE_URL); a base ending in
        /// /compatible-mode/v1 (DashScope's OpenAI-compatible mode) or /v1 (an OpenAI-compatible server such as vLLM,
        /// Ollama or LM Studio, for example http://gpu01:8000/v1) makes chat use the OpenAI-compatible protocol. Such a
        /// server needs no DashScope key: it gets only a key given for it with -ApiKey or Connect-DashScope. Takes
        /// precedence over -Region, the Connect-DashScope default and the environment variable.
        /// </summary>
        [Parameter]
        public Uri? BaseUri { get; set; }

        /// <summary>
        /// Sends this call to a region's shared endpoint instead of -BaseUri: Beijing, Singapore, US or HongKong. API
        /// keys belong to one region. Without -BaseUri and -Region the endpoint is the Connect-DashScope default, else
        /// $env:DASHSCOPE_HTTP_BASE_URL, else Beijing.
        /// </summary>
        [Parameter]
        public DashScopeRegion? Region { get; set; }

        /// <summary>
        /// The Model Studio workspace id for this call, sent in the X-DashScope-WorkSpace header so the call is
        /// authorised and billed in that workspace. Defaults to the workspace set by Connect-DashScope, if any.
        /// </summary>
        [Parameter]
        public string? Workspace { get; set; }

        /// <summary>
        /// The most seconds the whole call may take, including retries and the waits between them. 0, the default, means
        /// no limit. When it runs out the call fails with the error id DashScope.Timeout.
        /// </summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int TimeoutSec { get; set; }

        /// <summary>
        /// The most seconds of silence allowed: while waiting for the service to start answering, and between two events
        /// of a stream. Default 300; 0 means no limit. When it runs out the call fails with DashScope.Timeout; if nothing
        /// had arrived yet, it is retried like an HTTP 408.
        /// </summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int IdleTimeoutSec { get; set; } = 300;

        /// <summary>
        /// How many times to retry a call that failed with HTTP 408, 429 or 5xx or a network error, as long as nothing
        /// had been received. Default 3; 0 disables retries. Other errors (400, 401, 403, 404, ...) and failures in the
        /// middle of a stream are never retried.
        /// </summary>
        [Parameter]
        [ValidateRange(0, 100)]
        public int MaximumRetryCount { get; set; } = 3;

        /// <summary>
        /// Seconds to wait before the first retry (default 2). Each further retry waits twice as long; a random part
        /// spreads the waits (each is between half and all of the computed interval), and no wait exceeds 2 minutes. When
        /// the service sends a Retry-After header, that wait is used instead.
        /// </summary>
        [Parameter]
        [ValidateRange(0, 3600)]
        public int RetryIntervalSec { get; set; } = 2;

        /// <summary>
        /// A proxy server for this call, for example http://proxy.example.com:8080. Without it the default proxy of the
        /// system applies (on Linux and macOS: $env:HTTPS_PROXY, $env:HTTP_PROXY and $env:NO_PROXY).
        /// </summary>
        [Parameter]
        public Uri? Proxy { get; set; }

        /// <summary>
        /// The user name and password for the proxy given with -Proxy, for example (Get-Credential). Used only together
        /// with -Proxy.
        /// </summary>
        [Parameter]
        [Credential]
        public PSCredential? ProxyCredential { get; set; }

        /// <summary>Connects directly to the service, ignoring -Proxy, the system proxy and $env:HTTPS_PROXY / $env:HTTP_PROXY.</summary>
        [Parameter]
        public SwitchParameter NoProxy { get; set; }

        /// <summary>
        /// Allows sending the API key over plain http:// to a host other than this machine. Without it such a call is
        /// refused before anything is sent (error id DashScope.Configuration); https:// and loopback addresses such as
        /// localhost and 127.0.0.1 never need it, and neither does a call that sends no key (an OpenAI-compatible server
        /// without one).
        /// </summary>
        [Parameter]
        public SwitchParameter AllowUnencryptedAuthentication { get; set; }

        /// <summary>
        /// Extra HTTP headers for this call, for example @{ 'X-DashScope-DataInspection' = '{"input":"cip","output":"cip"}' }.
        /// Authorization and Content-Type belong to the module and are refused.
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        public Hashtable? Header { get; set; }
        /// <summary>The protocol this call asks for (-Protocol on the request cmdlets); null: the session's, else the base URI's.</summary>
        protected virtual DashScope.Catalog.ModelProtocol? RequestedProtocol => null;

        /// <summary>Cancelled when the user presses Ctrl+C or a downstream command stops the pipeline.</summary>
        protected CancellationToken StopToken => _stop.Token;

        /// <summary>Resolves the settings of this call; fails (terminating) when no key can be found.</summary>
        protected ConnectionSettings ResolveSettings()
        {
            var session = SessionDefaults.Current;
            if (NoProxy.IsPresent && Proxy != null)
            {
                ThrowTerminatingError(ErrorRecords.InvalidInput("-NoProxy and -Proxy contradict each other: give one of them.", "ProxyConflict", Proxy));
            }
            if (ProxyCredential != null && Proxy == null)
            {
                WriteWarning("-ProxyCredential is used only with -Proxy; it is ignored here.");
            }
            try
            {
                var baseUri = ResolveBaseUri();
                // A base given on the call carries its own protocol in its path; the session's applies to the session's base.
                var baseOnCall = BaseUri != null || Region.HasValue;
                var protocol = RequestedProtocol ?? (baseOnCall ? null : session.Protocol);
                // Another OpenAI-compatible server needs no key; it gets one only when given for it (here, or with Connect-DashScope to it).
                var dashScope = DashScopeEndpoints.IsDashScope(baseUri);
                var key = new ApiKeyResolver().Resolve(ApiKey, dashScope || !baseOnCall ? session.ApiKey : null, dashScope);
                var settings = new ConnectionSettings(baseUri, key, protocol)
                {
                    Workspace = string.IsNullOrEmpty(Workspace) ? session.Workspace : Workspace,
                    Timeout = TimeoutSec > 0 ? TimeSpan.FromSeconds(TimeoutSec) : (TimeSpan?)null,
                    IdleTimeout = TimeSpan.FromSeconds(IdleTimeoutSec),
                    Retry = new RetryPolicy(MaximumRetryCount, TimeSpan.FromSeconds(RetryIntervalSec)),
                    Proxy = Proxy,
                    ProxyCredential = ProxyCredential?.GetNetworkCredential(),
                    NoProxy = NoProxy.IsPresent,
                    AllowUnencryptedAuthentication = AllowUnencryptedAuthentication.IsPresent,
                    Headers = HeaderValues(),
                };
                var compatible = settings.Protocol == DashScope.Catalog.ModelProtocol.Compatible;
                settings.EnsureKeyIsProtected(compatible ? settings.CompatibleBaseUri : settings.BaseUri);
                _log = new DiagnosticLog(key);
                WriteVerbose((dashScope ? "DashScope endpoint " : "OpenAI-compatible server ") +
                             (compatible ? settings.CompatibleBaseUri.AbsoluteUri + " (OpenAI-compatible protocol)" : settings.BaseUri.AbsoluteUri) +
                             ", API key from " + key.Source + (string.IsNullOrEmpty(settings.Workspace) ? string.Empty : ", workspace " + settings.Workspace));
                return settings;
            }
            catch (DashScopeException exception)
            {
                ThrowTerminatingError(ErrorRecords.From(exception, null));
                throw; // not reached
            }
        }

        /// <summary>The base URI of this call (-BaseUri, -Region, the session's, $env:DASHSCOPE_HTTP_BASE_URL, Beijing); no key is needed.</summary>
        protected Uri ResolveBaseUri()
        {
            var session = SessionDefaults.Current;
            return DashScopeEndpoints.Resolve(BaseUri, Region, session.BaseUri ?? (session.Region.HasValue ? DashScopeEndpoints.ForRegion(session.Region.Value) : null),
                Environment.GetEnvironmentVariable);
        }

        private Dictionary<string, string> HeaderValues()
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (Header == null) return headers;
            foreach (DictionaryEntry entry in Header)
            {
                var value = entry.Value is PSObject wrapped ? wrapped.BaseObject : entry.Value;
                headers[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
            }
            return headers;
        }

        /// <summary>A client for the resolved settings, logging into this cmdlet's verbose stream.</summary>
        protected DashScopeClient CreateClient(ConnectionSettings settings) => new DashScopeClient(settings, _log ?? new DiagnosticLog(settings.ApiKey));

        /// <summary>Waits for core work on the pipeline thread, then writes what it logged.</summary>
        protected T Await<T>(Task<T> task)
        {
            Await((Task)task);
            return task.Result;
        }

        /// <inheritdoc cref="Await{T}(Task{T})"/>
        protected void Await(Task task)
        {
            try
            {
                task.GetAwaiter().GetResult();
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

        /// <inheritdoc cref="Await{T}(Task{T})"/>
        protected T Await<T>(ValueTask<T> task)
        {
            if (task.IsCompletedSuccessfully) return task.Result;
            return Await(task.AsTask());
        }

        /// <summary>
        /// True where a person watches: a host with a console-like UI (a console whose output is not redirected, an
        /// editor's host; a console not started with -NonInteractive). Hosts without a UI (jobs, [powershell]::Create()) are not.
        /// </summary>
        protected internal bool IsInteractiveHost()
        {
            try
            {
                if (Host?.UI?.RawUI == null) return false;
                // PowerShell wraps every host's UI; a host without a console (Default Host) fails or answers nothing here.
                if (!string.Equals(Host.Name, "ConsoleHost", StringComparison.Ordinal)) return Host.UI.RawUI.BufferSize.Width > 0;
                return !Console.IsOutputRedirected && Environment.UserInteractive &&
                       !Environment.GetCommandLineArgs().Any(argument => string.Equals(argument, "-NonInteractive", StringComparison.OrdinalIgnoreCase));
            }
            catch (Exception)
            {
                return false;
            }
        }

        /// <summary>
        /// Waits for core work on the pipeline thread, running <paramref name="tick"/> there every quarter second meanwhile
        /// (to show progress that other threads report), then writes what it logged.
        /// </summary>
        internal T AwaitWithTicks<T>(Task<T> task, Action tick)
        {
            try
            {
                while (!task.Wait(250))
                {
                    FlushVerbose();
                    tick();
                }
            }
            catch (AggregateException)
            {
                // Await below rethrows the failure as it is.
            }
            return Await(task);
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
