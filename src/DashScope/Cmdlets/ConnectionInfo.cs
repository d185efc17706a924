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
            var sessionBase = session.BaseUri ?? (session.Region.HasValue ? DashScopeEndpoints.ForRegion(session.Region.Value) : null);
            var baseUri = DashScopeEndpoints.Resolve(null, null, sessionBase, Environment.GetEnvironmentVariable);
            var dashScope = DashScopeEndpoints.IsDashScope(baseUri);
            string? source;
            try
            {
                var key = new ApiKeyResolver().Resolve(null, session.ApiKey, dashScope);
                source = key.IsNone ? null : key.Source;
            }
            catch (DashScopeException)
            {
                source = null;
            }
            return new DashScopeConnectionInfo
            {
                BaseUri = baseUri,
                Protocol = session.Protocol ?? DashScopeEndpoints.ProtocolOf(baseUri),
                IsDashScope = dashScope,
                Workspace = session.Workspace,
                ApiKeySource = source,
                Connected = session.ApiKey != null || sessionBase != null || session.Workspace != null || session.Protocol != null,
            };
        }
    }
}
