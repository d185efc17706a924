using System;
using System.Collections.Generic;

namespace DashScope.Models
{
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

        /// <summary>Ran, Failed, Declined, Refused, WhatIf, or NotRun (nobody could confirm it; the calls are returned pending).</summary>
        public string Status { get; set; } = string.Empty;

        /// <summary>The text sent back to the model as the tool message.</summary>
        public string Output { get; set; } = string.Empty;

        /// <summary>The objects the command wrote (not sent to the model as such).</summary>
        public IList<object?> Objects { get; set; } = new List<object?>();

        public TimeSpan Duration { get; set; }

        public override string ToString() => Status + ": " + (CommandLine ?? Name);
    }
}
