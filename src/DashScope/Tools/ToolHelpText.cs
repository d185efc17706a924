using System;
using System.Collections.Generic;

namespace DashScope.Tools
{
    /// <summary>Descriptions for a command's tool schema: synopsis/description and per-parameter text.</summary>
    public sealed class ToolHelpText
    {
        public string? Synopsis { get; set; }
        public string? Description { get; set; }
        public IDictionary<string, string> Parameters { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    }
}
