using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text.RegularExpressions;
using DashScope.Models;

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
