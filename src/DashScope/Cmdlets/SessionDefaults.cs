using System;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using DashScope.Transport;

namespace DashScope.Cmdlets
{
    /// <summary>What Connect-DashScope set, per runspace (so thread jobs and hosted runspaces stay apart).</summary>
    internal sealed class SessionDefaults
    {
        private static readonly ConditionalWeakTable<Runspace, SessionDefaults> ByRunspace =
            new ConditionalWeakTable<Runspace, SessionDefaults>();

        private static readonly SessionDefaults NoRunspace = new SessionDefaults();

        public ApiKey? ApiKey { get; set; }
        public Uri? BaseUri { get; set; }
        public DashScopeRegion? Region { get; set; }
        public string? Workspace { get; set; }

        /// <summary>Connect-DashScope -Protocol; null: as the base URI's path says.</summary>
        public DashScope.Catalog.ModelProtocol? Protocol { get; set; }

        public static SessionDefaults Current
        {
            get
            {
                var runspace = Runspace.DefaultRunspace;
                return runspace == null ? NoRunspace : ByRunspace.GetValue(runspace, _ => new SessionDefaults());
            }
        }

        public void Clear()
        {
            ApiKey = null;
            BaseUri = null;
            Region = null;
            Workspace = null;
            Protocol = null;
        }
    }
}
