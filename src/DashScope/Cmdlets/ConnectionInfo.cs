using System;
using DashScope.Models;
using DashScope.Transport;

namespace DashScope.Cmdlets
{
    /// <summary>Describes the connection a call would use now, without revealing the key.</summary>
    internal static class ConnectionInfo
    {
        public static DashScopeConnectionInfo Describe(SessionDefaults session)
        {
            string? source;
            try
            {
                source = new ApiKeyResolver().Resolve(null, session.ApiKey).Source;
            }
            catch (DashScopeException)
            {
                source = null;
            }
            var sessionBase = session.BaseUri ?? (session.Region.HasValue ? DashScopeEndpoints.ForRegion(session.Region.Value) : null);
            return new DashScopeConnectionInfo
            {
                BaseUri = DashScopeEndpoints.Resolve(null, null, sessionBase, Environment.GetEnvironmentVariable),
                Workspace = session.Workspace,
                ApiKeySource = source,
                Connected = session.ApiKey != null || sessionBase != null || session.Workspace != null,
            };
        }
    }
}
