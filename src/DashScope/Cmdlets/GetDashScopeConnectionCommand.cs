using System.Management.Automation;
using DashScope.Models;

namespace DashScope.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Shows the endpoint, workspace and API key source that DashScope cmdlets would use now.</para>
    /// </summary>
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
