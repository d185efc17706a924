using System.Collections;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Models;

namespace DashScope.Tools
{
    /// <summary>
    /// What the tool-call loop asks of its caller: to decide about each call (confirmation, -WhatIf), to run it, and to
    /// report. A cmdlet implements it by running commands on the pipeline thread.
    /// </summary>
    public interface IToolHost
    {
        /// <summary>Decides about a call whose arguments are valid; <paramref name="run"/> holds its command line.</summary>
        Task<ToolCallDecision> DecideAsync(ToolDefinition tool, QwenToolRun run, CancellationToken cancellationToken);

        /// <summary>Runs the call with the bound <paramref name="arguments"/>; sets the run's status, output, objects and duration.</summary>
        Task RunAsync(ToolDefinition tool, IDictionary arguments, QwenToolRun run, CancellationToken cancellationToken);

        void Verbose(string text);

        void Warning(string text);
    }
}
