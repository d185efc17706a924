using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace DashScope.Models
{
    /// <summary>
    /// A tool the model may call: its name, description and JSON schema, and (for PowerShell tools) the command or
    /// script block that runs when the model calls it. Only the parameters in the schema can ever be bound.
    /// </summary>
    public sealed class QwenTool
    {
        /// <summary>The function name the model sees and calls.</summary>
        public string Name { get; set; } = string.Empty;

        public string? Description { get; set; }

        /// <summary>The JSON schema of the arguments (type object, properties, required), as ordered dictionaries.</summary>
        public IDictionary<string, object?> Parameters { get; set; } = new Dictionary<string, object?>();

        /// <summary>The PowerShell command that runs for this tool; null for a schema-only tool or a script block.</summary>
        public CommandInfo? Command { get; set; }

        /// <summary>The script block that runs for this tool; null otherwise.</summary>
        public ScriptBlock? ScriptBlock { get; set; }

        /// <summary>The parameter names the model may bind (the schema's properties); anything else is refused.</summary>
        public IList<string> AllowedParameters { get; set; } = new List<string>();

        /// <summary>Parameters whose type is a switch: true binds them, false leaves them out.</summary>
        public IList<string> SwitchParameters { get; set; } = new List<string>();

        /// <summary>True when the tool can run here (a command or script block); false for a schema the caller answers.</summary>
        public bool CanRun => Command != null || ScriptBlock != null;

        /// <summary>What runs: the command name, "script block", or "(schema only)".</summary>
        public string Source => Command != null ? Command.CommandType + " " + Command.Name : ScriptBlock != null ? "ScriptBlock" : "(schema only)";

        /// <summary>The tool as the request sends it ({"type":"function","function":{...}}), as JSON text.</summary>
        public string Schema => Tools.ToolSchemaJson.ToJson(this);

        public override string ToString() => Name;
    }

    /// <summary>How Invoke-QwenChat handles the tool calls the model makes.</summary>
    public enum QwenToolInvocation
    {
        /// <summary>Run nothing: return the tool calls on the result.</summary>
        None,
        /// <summary>Ask before each call (ShouldContinue), showing the command and its arguments.</summary>
        Confirm,
        /// <summary>Run the calls without asking (still only the commands given in -Tool).</summary>
        Auto,
    }

    /// <summary>One tool call that Invoke-QwenChat handled: what was asked, what ran, and what went back to the model.</summary>
    public sealed class QwenToolRun
    {
        /// <summary>The tool-call round (1 for the first answer with tool calls).</summary>
        public int Round { get; set; }
        public string? CallId { get; set; }
        public string? Name { get; set; }

        /// <summary>The arguments as the model sent them (JSON text).</summary>
        public string Arguments { get; set; } = string.Empty;

        /// <summary>The command line that ran (or would have run).</summary>
        public string? CommandLine { get; set; }

        /// <summary>Ran, Failed, Declined, Refused or WhatIf.</summary>
        public string Status { get; set; } = string.Empty;

        /// <summary>The text sent back to the model as the tool message.</summary>
        public string Output { get; set; } = string.Empty;

        /// <summary>The objects the command wrote (not sent to the model as such).</summary>
        public IList<object?> Objects { get; set; } = new List<object?>();

        public TimeSpan Duration { get; set; }

        public override string ToString() => Status + ": " + (CommandLine ?? Name);
    }
}
