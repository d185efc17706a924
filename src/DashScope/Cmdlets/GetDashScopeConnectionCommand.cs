using System.Management.Automation;
using DashScope.Models;

namespace DashScope.Cmdlets
{
    /// <summary>Shows the endpoint, workspace and API key source that DashScope calls would use now.</summary>
    /// <remarks>
    /// <para>
    /// Get-DashScopeConnection returns a DashScopeConnectionInfo that describes the connection a DashScope call would
    /// use now if it passed no connection parameters of its own: BaseUri (the native API base, or an OpenAI-compatible
    /// one), Protocol (Native or Compatible), IsDashScope (False for another OpenAI-compatible server, which needs no
    /// key), Workspace, ApiKeySource (where the key would come from), HasApiKey, and Connected (True when
    /// Connect-DashScope set any default in this session). The key itself is never shown.
    /// </para>
    /// <para>
    /// ApiKeySource is one of: Connect-DashScope, $env:DASHSCOPE_API_KEY, file named by
    /// $env:DASHSCOPE_API_KEY_FILE_PATH, ~/.dashscope/api_key; it is empty when no key can be found, and a call would
    /// then fail with DashScope.MissingApiKey. These are checked in that order, after -ApiKey on the call. The endpoint
    /// is the Connect-DashScope default (-BaseUri or -Region), else $env:DASHSCOPE_HTTP_BASE_URL, else Beijing
    /// (https://dashscope.aliyuncs.com/api/v1/). Parameters given to a single call (-ApiKey, -BaseUri, -Region,
    /// -Workspace) take precedence over what is shown here.
    /// </para>
    /// <para>
    /// Nothing is sent to the service, so the result does not tell whether the key is valid or belongs to the region of
    /// the endpoint (keys are region-bound); a short call such as Invoke-QwenChat 'ping' does. When
    /// $env:DASHSCOPE_HTTP_BASE_URL is set but is not an absolute http or https URL, Get-DashScopeConnection fails with
    /// the error id DashScope.Configuration, as every call would.
    /// </para>
    /// </remarks>
    /// <example>
    /// <code>Get-DashScopeConnection</code>
    /// <para>Shows the endpoint, for example https://dashscope.aliyuncs.com/api/v1/ (key from $env:DASHSCOPE_API_KEY).</para>
    /// </example>
    /// <example>
    /// <code>Get-DashScopeConnection | Format-List BaseUri, Workspace, ApiKeySource, HasApiKey, Connected</code>
    /// <para>Shows every property, including whether Connect-DashScope set defaults in this session.</para>
    /// </example>
    /// <example>
    /// <code>if (-not (Get-DashScopeConnection).HasApiKey) { Connect-DashScope -ApiKey (Read-Host -AsSecureString 'DashScope API key') }</code>
    /// <para>
    /// Asks for a key only when none can be found in the session, the environment or a key file; useful in a profile or
    /// at the start of a script.
    /// </para>
    /// </example>
    /// <example>
    /// <code>$env:DASHSCOPE_HTTP_BASE_URL = 'https://dashscope-intl.aliyuncs.com/api/v1'; (Get-DashScopeConnection).BaseUri.Host</code>
    /// <para>
    /// Shows that without a Connect-DashScope endpoint the environment variable decides: the host is
    /// dashscope-intl.aliyuncs.com.
    /// </para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "DashScopeConnection")]
    [OutputType(typeof(DashScopeConnectionInfo))]
    public sealed class GetDashScopeConnectionCommand : PSCmdlet
    {
        protected override void EndProcessing()
        {
            try
            {
                WriteObject(ConnectionInfo.Describe(SessionDefaults.Current));
            }
            catch (DashScopeException exception)
            {
                ThrowTerminatingError(ErrorRecords.From(exception, null));
            }
        }
    }
}
