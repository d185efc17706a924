using System;

namespace DashScope.Models
{
    /// <summary>The connection a call would use now. Says where the key comes from, never what it is.</summary>
    public sealed class DashScopeConnectionInfo
    {
        public Uri? BaseUri { get; set; }
        public string? Workspace { get; set; }

        /// <summary>-ApiKey parameter, Connect-DashScope, $env:DASHSCOPE_API_KEY, a key file; or null when none is found.</summary>
        public string? ApiKeySource { get; set; }

        public bool HasApiKey => ApiKeySource != null;

        /// <summary>True when Connect-DashScope set defaults for this session.</summary>
        public bool Connected { get; set; }

        public override string ToString() => BaseUri + (HasApiKey ? " (key from " + ApiKeySource + ")" : " (no API key)");
    }
}
