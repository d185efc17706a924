using System.Management.Automation;

namespace DashScope.Cmdlets
{
    /// <summary>Forgets the API key, endpoint and workspace that Connect-DashScope set in this session.</summary>
    /// <remarks>
    /// <para>
    /// Disconnect-DashScope clears the defaults that Connect-DashScope stored for the current session (runspace): the
    /// API key, the region or base URI, and the workspace. It sends nothing to the service, writes nothing to the
    /// pipeline, and succeeds even when nothing was set.
    /// </para>
    /// <para>
    /// Afterwards calls find their key and endpoint the usual way again: the key from -ApiKey on the call,
    /// $env:DASHSCOPE_API_KEY, the file named by $env:DASHSCOPE_API_KEY_FILE_PATH or ~/.dashscope/api_key; the endpoint
    /// from -BaseUri or -Region on the call, $env:DASHSCOPE_HTTP_BASE_URL or Beijing. Environment variables and key
    /// files are not touched: to stop using a key from them, remove the variable ($env:DASHSCOPE_API_KEY = $null) or
    /// the file.
    /// </para>
    /// <para>
    /// The key lives in memory only, so closing PowerShell forgets it as well. Use Disconnect-DashScope in shared
    /// sessions, when switching between accounts or regions, and at the end of scripts that must not leave a key behind
    /// (in a finally block).
    /// </para>
    /// </remarks>
    /// <example>
    /// <code>Disconnect-DashScope</code>
    /// <para>Forgets the key, endpoint and workspace set by Connect-DashScope in this session.</para>
    /// </example>
    /// <example>
    /// <code>
    /// Disconnect-DashScope
    /// Get-DashScopeConnection
    /// </code>
    /// <para>
    /// Shows what calls use after disconnecting: ApiKeySource is $env:DASHSCOPE_API_KEY or a key file when one exists,
    /// and empty (HasApiKey False) when no key can be found; Connected is False.
    /// </para>
    /// </example>
    /// <example>
    /// <code>try { Connect-DashScope -ApiKey (Get-Content -Raw ./ci.key); Get-Content ./CHANGELOG.md | Invoke-QwenChat 'Summarise the latest release in three bullets.' } finally { Disconnect-DashScope }</code>
    /// <para>Uses a key from a file for one task only and forgets it afterwards, even when the call fails.</para>
    /// </example>
    /// <example>
    /// <code>Disconnect-DashScope; Connect-DashScope -ApiKey (Read-Host -AsSecureString 'Key for the Singapore account') -Region Singapore</code>
    /// <para>
    /// Switches from one account to another: the old key, endpoint and workspace are forgotten before the new ones are
    /// set.
    /// </para>
    /// </example>
    [Cmdlet(VerbsCommunications.Disconnect, "DashScope")]
    [OutputType(typeof(void))]
    public sealed class DisconnectDashScopeCommand : PSCmdlet
    {
        protected override void EndProcessing() => SessionDefaults.Current.Clear();
    }
}
