using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Execution;
using DashScope.Models;

namespace DashScope.Tools
{
    /// <summary>
    /// Decides about and runs the model's tool calls for a cmdlet: -WhatIf and -Confirm through ShouldProcess, the
    /// Yes/No prompt of -InvokeTool Confirm (No is the default), and the command itself, all on the pipeline thread.
    /// The tool-call loop reaches it from a worker through <see cref="For"/>.
    /// </summary>
    internal sealed class PowerShellToolHost
    {
        private readonly PSCmdlet _cmdlet;
        private readonly QwenToolInvocation _mode;
        private bool _yesToAll;
        private bool _noToAll;

        public PowerShellToolHost(PSCmdlet cmdlet, QwenToolInvocation mode)
        {
            _cmdlet = cmdlet;
            _mode = mode;
        }

        /// <summary>The host for the work of one input: calls go to the pipeline thread through its sink.</summary>
        public IToolHost For(IWorkSink sink) => new Marshalled(this, sink);

        /// <summary>On the pipeline thread: Run, Declined, WhatIf, or Stop when Confirm cannot ask this host (an error is written).</summary>
        private ToolCallDecision Decide(QwenTool tool, QwenToolRun run)
        {
            var description = "Run the tool '" + tool.Name + "': " + run.CommandLine;
            if (!_cmdlet.ShouldProcess(description, "Run " + run.CommandLine + "?", "Run tool " + tool.Name, out var reason))
                return reason == ShouldProcessReason.WhatIf ? ToolCallDecision.WhatIf : ToolCallDecision.Declined;
            if (_mode != QwenToolInvocation.Confirm || _yesToAll) return ToolCallDecision.Run;
            if (_noToAll) return ToolCallDecision.Declined;
            try
            {
                // A command the model chose runs only on an explicit yes: No is the default answer.
                var host = _cmdlet.Host;
                if (host.Name == "ConsoleHost" && Console.IsInputRedirected)
                    throw new PSInvalidOperationException("standard input is redirected, so nobody can answer");
                var query = "The model wants to run:\n    " + run.CommandLine + "\n(tool " + tool.Name + ", " + tool.Source + ")";
                var choices = new Collection<ChoiceDescription>
                {
                    new ChoiceDescription("&Yes", "Run this command."),
                    new ChoiceDescription("Yes to &All", "Run this and every later tool call of this command."),
                    new ChoiceDescription("&No", "Do not run it; the model is told it was declined."),
                    new ChoiceDescription("No to A&ll", "Run none of the tool calls of this command."),
                };
                switch (host.UI.PromptForChoice("Run tool " + tool.Name + "?", query, choices, 2))
                {
                    case 0: return ToolCallDecision.Run;
                    case 1: _yesToAll = true; return ToolCallDecision.Run;
                    case 3: _noToAll = true; return ToolCallDecision.Declined;
                    default: return ToolCallDecision.Declined;
                }
            }
            catch (Exception exception) when (exception is PSInvalidOperationException || exception is HostException || exception is NotImplementedException ||
                                              exception is PSNotImplementedException || exception is NullReferenceException || exception is InvalidOperationException)
            {
                // (A console host whose input has ended throws NullReferenceException from its prompt.)
                var failure = new DashScopeException(DashScopeErrorKind.InvalidInput,
                    "-InvokeTool Confirm must ask before running " + run.CommandLine + ", but this host cannot ask (" + exception.Message +
                    "). Use -InvokeTool Auto to run tools without asking, or None to get the calls back.", exception);
                _cmdlet.WriteError(new ErrorRecord(failure, "DashScope.ToolConfirmationUnavailable", ErrorCategory.InvalidOperation, run));
                return ToolCallDecision.Stop;
            }
        }

        /// <summary>On the pipeline thread: runs the tool's command; its output and errors become the tool message.</summary>
        private void Run(QwenTool tool, IDictionary arguments, QwenToolRun run)
        {
            _cmdlet.WriteVerbose("Running tool " + tool.Name + ": " + run.CommandLine);
            var watch = Stopwatch.StartNew();
            var objects = new List<object?>();
            var errors = new List<string>();
            try
            {
                var invoke = _cmdlet.InvokeCommand;
                var script = invoke.NewScriptBlock("param($__qwenTool, $__qwenArguments) & $__qwenTool @__qwenArguments 2>&1");
                var target = (object?)tool.Command ?? tool.ScriptBlock;
                var splat = arguments as Hashtable ?? new Hashtable(arguments, StringComparer.OrdinalIgnoreCase);
                foreach (var item in invoke.InvokeScript(true, script, null, target, splat))
                {
                    var value = item?.BaseObject;
                    if (value is ErrorRecord record) errors.Add(record.ToString());
                    else if (item != null) objects.Add(item);
                }
                run.Status = errors.Count > 0 && objects.Count == 0 ? "Failed" : "Ran";
            }
            catch (PipelineStoppedException)
            {
                throw;
            }
            catch (Exception exception)
            {
                var message = exception is RuntimeException runtime && runtime.ErrorRecord != null ? runtime.ErrorRecord.ToString() : exception.Message;
                errors.Add(message);
                run.Status = "Failed";
            }
            run.Duration = watch.Elapsed;
            run.Objects = objects;
            run.Output = ToolOutputFormatter.Format(objects, errors);
            if (run.Status == "Failed") _cmdlet.WriteVerbose("Tool " + tool.Name + " failed: " + string.Join("; ", errors));
        }

        /// <summary>The loop's view of the host from a worker: decisions and runs are queued for the pipeline thread.</summary>
        private sealed class Marshalled : IToolHost
        {
            private readonly PowerShellToolHost _host;
            private readonly IWorkSink _sink;

            public Marshalled(PowerShellToolHost host, IWorkSink sink)
            {
                _host = host;
                _sink = sink;
            }

            public Task<ToolCallDecision> DecideAsync(ToolDefinition tool, QwenToolRun run, CancellationToken cancellationToken) =>
                _sink.InvokeAsync(() => _host.Decide((QwenTool)tool, run), cancellationToken);

            public Task RunAsync(ToolDefinition tool, IDictionary arguments, QwenToolRun run, CancellationToken cancellationToken) =>
                _sink.InvokeAsync(() =>
                {
                    _host.Run((QwenTool)tool, arguments, run);
                    return true;
                }, cancellationToken);

            public void Verbose(string text) => _sink.Verbose(text);

            public void Warning(string text) => _sink.Warning(text);
        }
    }
}
