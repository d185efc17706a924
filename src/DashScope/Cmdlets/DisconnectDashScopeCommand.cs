using System.Management.Automation;

namespace DashScope.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Forgets the API key and endpoint set by Connect-DashScope in this session.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "DashScope")]
    [OutputType(typeof(void))]
    public sealed class DisconnectDashScopeCommand : PSCmdlet
    {
        protected override void EndProcessing() => SessionDefaults.Current.Clear();
    }
}
