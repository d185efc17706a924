using System;

namespace DashScope.Models
{
    /// <summary>The connection a call would use now. Says where the key comes from, never what it is.</summary>
    public sealed class DashScopeConnectionInfo
    {
        /// <summary>The base calls use: a native …/api/v1/, a compatible …/compatible-mode/v1/, or another server's …/v1/.</summary>
        public Uri? BaseUri { get; set; }

        /// <summary>Native (DashScope's own protocol) or Compatible (OpenAI-compatible: chat/completions).</summary>
        public Catalog.ModelProtocol Protocol { get; set; }

        /// <summary>False for an OpenAI-compatible server that is not DashScope (vLLM, Ollama, LM Studio): it needs no DashScope key.</summary>
        public bool IsDashScope { get; set; } = true;

        public string? Workspace { get; set; }

        /// <summary>-ApiKey parameter, Connect-DashScope, $env:DASHSCOPE_API_KEY, a key file; or null when none is found.</summary>
        public string? ApiKeySource { get; set; }

        public bool HasApiKey => ApiKeySource != null;

        /// <summary>True when Connect-DashScope set defaults for this session.</summary>
        public bool Connected { get; set; }

        public override string ToString() =>
            BaseUri + (Protocol == Catalog.ModelProtocol.Compatible ? " (OpenAI-compatible)" : string.Empty) +
            (HasApiKey ? " (key from " + ApiKeySource + ")" : IsDashScope ? " (no API key)" : " (no key)");
    }
}
