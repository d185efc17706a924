using System;
using System.Management.Automation;
using System.Security;
using DashScope.Models;
using DashScope.Transport;

namespace DashScope.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Sets the API key, endpoint and workspace that DashScope cmdlets use in this session.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "DashScope", DefaultParameterSetName = RegionSet)]
    [OutputType(typeof(DashScopeConnectionInfo))]
    public sealed class ConnectDashScopeCommand : PSCmdlet
    {
        private const string RegionSet = "Region";
        private const string BaseUriSet = "BaseUri";

        /// <summary>The API key (a SecureString; a plain string is accepted and converted). Kept in memory for this session only.</summary>
        [Parameter(Position = 0)]
        [SecureStringTransformation]
        public SecureString? ApiKey { get; set; }

        /// <summary>The region whose shared host to use: Beijing (default), Singapore, US, HongKong.</summary>
        [Parameter(ParameterSetName = RegionSet)]
        public DashScopeRegion? Region { get; set; }

        /// <summary>The native API base URL, including /api/v1 (as $env:DASHSCOPE_HTTP_BASE_URL).</summary>
        [Parameter(Mandatory = true, ParameterSetName = BaseUriSet)]
        public Uri? BaseUri { get; set; }

        /// <summary>Workspace id sent as X-DashScope-WorkSpace.</summary>
        [Parameter]
        public string? Workspace { get; set; }

        /// <summary>Return the resulting connection.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            var session = SessionDefaults.Current;
            try
            {
                if (ApiKey != null && ApiKey.Length > 0) session.ApiKey = Transport.ApiKey.FromSecureString(ApiKey, "Connect-DashScope");
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
            }
            catch (DashScopeException exception)
            {
                ThrowTerminatingError(ErrorRecords.From(exception, BaseUri));
            }

            var info = ConnectionInfo.Describe(session);
            WriteVerbose("DashScope defaults for this session: " + info);
            if (!info.HasApiKey)
            {
                WriteWarning("No API key is set yet: pass -ApiKey, or set $env:DASHSCOPE_API_KEY before calling a DashScope cmdlet.");
            }
            if (PassThru) WriteObject(info);
        }
    }
}
