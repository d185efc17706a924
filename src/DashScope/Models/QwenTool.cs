using System.Management.Automation;
using DashScope.Tools;

namespace DashScope.Models
{
    /// <summary>
    /// A tool the model may call: its name, description and JSON schema, and (for PowerShell tools) the command or
    /// script block that runs when the model calls it. Only the parameters in the schema can ever be bound.
    /// </summary>
    public sealed class QwenTool : ToolDefinition
    {
        /// <summary>The PowerShell command that runs for this tool; null for a schema-only tool or a script block.</summary>
        public CommandInfo? Command { get; set; }

        /// <summary>The script block that runs for this tool; null otherwise.</summary>
        public ScriptBlock? ScriptBlock { get; set; }

        /// <summary>The command that runs, as command lines show it.</summary>
        public override string CommandName => Command?.Name ?? Name;

        /// <summary>True when the tool can run here (a command or script block); false for a schema the caller answers.</summary>
        public override bool CanRun => Command != null || ScriptBlock != null;

        /// <summary>What runs: the command name, "script block", or "(schema only)".</summary>
        public string Source => Command != null ? Command.CommandType + " " + Command.Name : ScriptBlock != null ? "ScriptBlock" : "(schema only)";
    }
}
