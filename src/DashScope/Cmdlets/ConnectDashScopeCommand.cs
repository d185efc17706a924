using System;
using System.Management.Automation;
using System.Security;
using DashScope.Models;
using DashScope.Transport;

namespace DashScope.Cmdlets
{
    /// <summary>Sets the API key, endpoint and workspace that DashScope cmdlets use by default in this session.</summary>
    /// <remarks>
    /// <para>
    /// Connect-DashScope stores defaults for the current PowerShell session: an API key, an endpoint (a region or a
    /// base URI) and a workspace. Every later DashScope call in this session uses them unless the call passes its own
    /// -ApiKey, -BaseUri, -Region or -Workspace. The defaults belong to the runspace, so thread jobs and other
    /// runspaces keep their own, and they last until Disconnect-DashScope or the end of the session. Nothing is written
    /// to disk.
    /// </para>
    /// <para>
    /// Nothing is sent to the service: the key is not checked until the first call. Get-DashScopeConnection shows what
    /// a call would use now; Invoke-QwenChat 'ping' proves that the key works for the endpoint.
    /// </para>
    /// <para>
    /// Only what you pass changes. Connect-DashScope -Region Singapore keeps the key set earlier; -Region replaces a
    /// base URI set earlier and -BaseUri replaces a region; -Workspace '' removes the workspace. When no API key can be
    /// found anywhere, Connect-DashScope writes a warning.
    /// </para>
    /// <para>The API key of a call is looked up in this order; the first found wins:</para>
    /// <list type="number">
    /// <item><description>-ApiKey on the call (a SecureString; a plain string is accepted and converted),</description></item>
    /// <item><description>the session default set by Connect-DashScope -ApiKey,</description></item>
    /// <item><description>$env:DASHSCOPE_API_KEY,</description></item>
    /// <item><description>the file named by $env:DASHSCOPE_API_KEY_FILE_PATH,</description></item>
    /// <item><description>~/.dashscope/api_key.</description></item>
    /// </list>
    /// <para>
    /// So a key set here takes precedence over $env:DASHSCOPE_API_KEY and key files. The endpoint of a call is -BaseUri
    /// or -Region on the call, else the default set here, else $env:DASHSCOPE_HTTP_BASE_URL (the same variable the
    /// official SDKs read), else Beijing (https://dashscope.aliyuncs.com/api/v1). API keys belong to one region: a key
    /// created in the Singapore (international) console is refused with InvalidApiKey by the Beijing endpoint, so
    /// connect to the region the key was created in.
    /// </para>
    /// <para>
    /// -Protocol Compatible makes chat use the OpenAI-compatible protocol (chat/completions) on DashScope's
    /// /compatible-mode/v1; a -BaseUri ending in /compatible-mode/v1 or /v1 does the same by itself. A /v1 base that is
    /// not DashScope's is another OpenAI-compatible server, such as Qwen served by vLLM, Ollama or LM Studio in your data
    /// centre: it needs no key, and gets one only when -ApiKey is given here or on a call, never the DashScope key of
    /// the environment. Get-QwenModel lists what it serves.
    /// </para>
    /// <para>
    /// The key is never written to output, verbose or debug text, errors or ToString(); Get-DashScopeConnection only
    /// says where it came from. It is refused over plain http:// to any host other than this machine unless a call
    /// passes -AllowUnencryptedAuthentication.
    /// </para>
    /// </remarks>
    /// <example>
    /// <code>Connect-DashScope -ApiKey (Read-Host -AsSecureString 'DashScope API key')</code>
    /// <para>
    /// Prompts for the key without echoing it and uses it for every DashScope call in this session. The key stays in
    /// memory only.
    /// </para>
    /// </example>
    /// <example>
    /// <code>Connect-DashScope -Region Singapore -PassThru</code>
    /// <para>
    /// Sends later calls to the Singapore (international) endpoint, https://dashscope-intl.aliyuncs.com/api/v1, keeping
    /// whatever key is in use, and shows the resulting connection: BaseUri, Workspace, ApiKeySource (for example
    /// $env:DASHSCOPE_API_KEY), HasApiKey and Connected.
    /// </para>
    /// </example>
    /// <example>
    /// <code>Connect-DashScope -BaseUri 'https://dashscope-intl.aliyuncs.com/api/v1' -Workspace 'llm-xxxxxxxxxxxxxxxx'</code>
    /// <para>
    /// Uses an explicit native API base and sends the workspace id in the X-DashScope-WorkSpace header of every call,
    /// so usage is billed and authorised in that Model Studio workspace. Replace the placeholder with your workspace
    /// id.
    /// </para>
    /// </example>
    /// <example>
    /// <code>
    /// Connect-DashScope -ApiKey $env:TEAM_DASHSCOPE_KEY
    /// Invoke-QwenChat 'Reply with OK if you can read this.'
    /// </code>
    /// <para>
    /// Takes the key from another environment variable (a plain string is converted to a SecureString) and checks it
    /// with a short call. A wrong key fails with the error id DashScope.InvalidApiKey.
    /// </para>
    /// </example>
    /// <example>
    /// <code>Connect-DashScope -BaseUri 'http://gpu01:8000/v1'; Invoke-QwenChat 'Hello' -Model 'Qwen/Qwen3-8B'</code>
    /// <para>
    /// Connects to Qwen served by vLLM on a machine of your own: the OpenAI-compatible protocol, no key, plain http
    /// allowed because no key is sent. Later calls go there until Disconnect-DashScope.
    /// </para>
    /// </example>
    [Cmdlet(VerbsCommunications.Connect, "DashScope", DefaultParameterSetName = RegionSet)]
    [OutputType(typeof(DashScopeConnectionInfo))]
    public sealed class ConnectDashScopeCommand : PSCmdlet
    {
        private const string RegionSet = "Region";
        private const string BaseUriSet = "BaseUri";

        /// <summary>
        /// The API key that later calls in this session use. A SecureString, for example from Read-Host -AsSecureString;
        /// a plain string is accepted and converted. It is kept in memory for this session only, takes precedence over
        /// $env:DASHSCOPE_API_KEY and key files, and is overridden by -ApiKey on a single call. Omit it to keep the key
        /// set earlier.
        /// </summary>
        [Parameter(Position = 0)]
        [SecureStringTransformation]
        public SecureString? ApiKey { get; set; }

        /// <summary>
        /// Makes a region's shared endpoint the session default: Beijing (dashscope.aliyuncs.com), Singapore
        /// (dashscope-intl.aliyuncs.com), US (dashscope-us.aliyuncs.com) or HongKong
        /// (cn-hongkong.dashscope.aliyuncs.com). Replaces a -BaseUri set earlier. Without -Region and -BaseUri the
        /// endpoint stays as it is: initially $env:DASHSCOPE_HTTP_BASE_URL, else Beijing.
        /// </summary>
        [Parameter(ParameterSetName = RegionSet)]
        public DashScopeRegion? Region { get; set; }

        /// <summary>
        /// Makes this API base URL the session default: DashScope's native base including /api/v1, for example
        /// https://dashscope-intl.aliyuncs.com/api/v1 or the address of a gateway (same meaning as
        /// $env:DASHSCOPE_HTTP_BASE_URL); DashScope's OpenAI-compatible base ending in /compatible-mode/v1; or the /v1 base
        /// of another OpenAI-compatible server such as vLLM, Ollama or LM Studio (http://gpu01:8000/v1), which needs no
        /// DashScope key. Replaces a -Region set earlier. Must be an absolute http or https URL.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = BaseUriSet)]
        public Uri? BaseUri { get; set; }

        /// <summary>
        /// The Model Studio workspace id that later calls send in the X-DashScope-WorkSpace header, so they are
        /// authorised and billed in that workspace. Pass an empty string to remove it; omit it to keep the workspace set
        /// earlier.
        /// </summary>
        [Parameter]
        public string? Workspace { get; set; }

        /// <summary>
        /// The protocol later chat calls use by default: Native (DashScope's own) or Compatible (OpenAI-compatible
        /// chat/completions; on DashScope at /compatible-mode/v1 beside the native base). Without it, the base URI's path
        /// decides: /compatible-mode/v1 and /v1 are compatible, /api/v1 is native. A call's own -BaseUri or -Protocol wins.
        /// </summary>
        [Parameter]
        public DashScope.Catalog.ModelProtocol? Protocol { get; set; }

        /// <summary>
        /// Writes the resulting connection to the pipeline, as Get-DashScopeConnection shows it (endpoint, workspace,
        /// where the key comes from). By default Connect-DashScope writes nothing.
        /// </summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            var session = SessionDefaults.Current;
            try
            {
                // An empty -ApiKey is a mistake, not "keep the old key": FromSecureString refuses it with a clear message.
                if (ApiKey != null) session.ApiKey = Transport.ApiKey.FromSecureString(ApiKey, "Connect-DashScope");
                if (BaseUri != null)
                {
                    session.BaseUri = DashScopeEndpoints.Normalize(BaseUri);
                    session.Region = null;
                }
                if (Region.HasValue)
                {
                    session.Region = Region;
                    session.BaseUri = null;
                }
                if (MyInvocation.BoundParameters.ContainsKey(nameof(Workspace))) session.Workspace = string.IsNullOrEmpty(Workspace) ? null : Workspace;
                if (MyInvocation.BoundParameters.ContainsKey(nameof(Protocol))) session.Protocol = Protocol;
            }
            catch (DashScopeException exception)
            {
                ThrowTerminatingError(ErrorRecords.From(exception, BaseUri));
            }

            DashScopeConnectionInfo info;
            try
            {
                info = ConnectionInfo.Describe(session);
            }
            catch (DashScopeException exception)
            {
                // E.g. a malformed $env:DASHSCOPE_HTTP_BASE_URL.
                ThrowTerminatingError(ErrorRecords.From(exception, null));
                return;
            }
            WriteVerbose("DashScope defaults for this session: " + info);
            WarnAboutBaseUri(info);
            if (!info.HasApiKey && info.IsDashScope)
            {
                WriteWarning("No API key is set yet: pass -ApiKey, or set $env:DASHSCOPE_API_KEY before calling a DashScope cmdlet.");
            }
            if (PassThru) WriteObject(info);
        }

        /// <summary>Settings that every later call would refuse or send to the wrong place deserve a word now.</summary>
        private void WarnAboutBaseUri(DashScopeConnectionInfo info)
        {
            var baseUri = info.BaseUri;
            if (baseUri == null) return;
            // Only a key sent in clear text is refused: a server that gets none (vLLM without --api-key) is fine over http.
            if (baseUri.Scheme == Uri.UriSchemeHttp && !baseUri.IsLoopback && info.HasApiKey)
            {
                WriteWarning("The base URI uses plain http to '" + baseUri.Host + "': calls will refuse to send the API key there " +
                             "unless they pass -AllowUnencryptedAuthentication. Use https:// if the host supports it.");
            }
            var path = baseUri.AbsolutePath.TrimEnd('/');
            if (!path.EndsWith("/v1", StringComparison.OrdinalIgnoreCase))
            {
                WriteWarning("The base URI '" + baseUri + "' does not end in /api/v1, the DashScope native API base " +
                             "(e.g. https://dashscope.aliyuncs.com/api/v1), nor in /compatible-mode/v1 or /v1, an OpenAI-compatible one. " +
                             "Calls append service paths to it as given.");
            }
        }
    }
}
