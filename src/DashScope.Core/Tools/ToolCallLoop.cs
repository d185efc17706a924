using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Client;
using DashScope.Models;
using DashScope.Requests;

namespace DashScope.Tools
{
    /// <summary>
    /// The tool-call loop: send, collect the model's calls, let the host decide and run each, send the outputs back
    /// as tool messages, until the model answers without calls or the round limit is reached. Only the given tools can
    /// run, and only with the parameters of their schema; anything else goes back to the model as an error.
    /// </summary>
    public sealed class ToolCallLoop
    {
        private readonly ChatClient _chat;
        private readonly IToolHost _host;
        private readonly Dictionary<string, ToolDefinition> _tools = new Dictionary<string, ToolDefinition>(StringComparer.OrdinalIgnoreCase);

        public ToolCallLoop(ChatClient chat, IEnumerable<ToolDefinition> tools, IToolHost host)
        {
            _chat = chat ?? throw new ArgumentNullException(nameof(chat));
            _host = host ?? throw new ArgumentNullException(nameof(host));
            foreach (var tool in tools) _tools[tool.Name] = tool;
        }

        /// <summary>The most rounds of tool calls per prompt; after that the result is returned with its calls pending.</summary>
        public int MaximumRounds { get; set; } = 8;

        /// <summary>True when the result's last message is an assistant message with tool calls nobody has answered.</summary>
        public static bool HasPendingToolCalls(QwenChatResult result)
        {
            if (result.ToolCalls.Count == 0 || result.History.Count == 0) return false;
            var last = result.History[result.History.Count - 1];
            return last.Role == "assistant" && last.ToolCalls != null && last.ToolCalls.Count > 0;
        }

        /// <summary>
        /// Runs the loop for <paramref name="request"/>; with <paramref name="pending"/> (a result whose calls were not
        /// run yet) it starts by running those calls. Each answer streams to <paramref name="observer"/> when given.
        /// The final result lists what ran in <see cref="QwenChatResult.ToolRuns"/>.
        /// </summary>
        public async Task<QwenChatResult> RunAsync(ChatRequest request, QwenChatResult? pending, IChatStreamObserver? observer,
            CancellationToken cancellationToken)
        {
            var runs = new List<QwenToolRun>();
            var result = pending;
            var round = 0;
            while (true)
            {
                if (result == null) result = await _chat.SendAsync(request, observer, cancellationToken).ConfigureAwait(false);
                if (!HasPendingToolCalls(result)) break;
                if (round >= MaximumRounds)
                {
                    _host.Warning("The model still asks for tools after " + MaximumRounds + " rounds (-MaximumToolRounds); returning its pending calls.");
                    break;
                }
                round++;
                var answers = await RunCallsAsync(result, round, runs, cancellationToken).ConfigureAwait(false);
                if (answers == null) break;
                var messages = new List<QwenChatMessage>(result.History);
                messages.AddRange(answers);
                request = request with { Messages = messages };
                result = null;
            }
            result.ToolRuns = runs;
            if (result.Prompt == null) result.Prompt = request.Prompt;
            return result;
        }

        /// <summary>Runs (or refuses, or asks about) each call of one answer; null stops the loop and returns the result.</summary>
        private async Task<List<QwenChatMessage>?> RunCallsAsync(QwenChatResult result, int round, List<QwenToolRun> runs, CancellationToken cancellationToken)
        {
            var schemaOnly = result.ToolCalls.Where(call => call.Name != null && _tools.TryGetValue(call.Name, out var tool) && !tool.CanRun).Select(call => call.Name).ToList();
            if (schemaOnly.Count > 0)
            {
                _host.Verbose("The model called " + string.Join(", ", schemaOnly) + ", given as schema only: returning the calls for you to answer (pipe the result back with -Messages @{ role = 'tool'; tool_call_id = ...; content = ... }).");
                return null;
            }

            var messages = new List<QwenChatMessage>();
            var whatIf = false;
            foreach (var call in result.ToolCalls)
            {
                var run = new QwenToolRun { Round = round, CallId = call.Id, Name = call.Name, Arguments = call.Arguments };
                runs.Add(run);
                if (call.Name == null || !_tools.TryGetValue(call.Name, out var tool))
                {
                    run.Status = "Refused";
                    run.Output = "Error: there is no tool named '" + call.Name + "'. Only these tools exist: " + string.Join(", ", _tools.Keys) + ".";
                    _host.Warning("The model called '" + call.Name + "', which is not one of the tools given in -Tool; the call was refused.");
                }
                else
                {
                    var arguments = ToolArguments.Bind(tool, call.Arguments, out var invalid);
                    if (arguments == null)
                    {
                        run.Status = "Failed";
                        run.CommandLine = tool.CommandName + " " + call.Arguments;
                        run.Output = "Error: " + invalid;
                        _host.Verbose("Tool call " + call.Name + " rejected: " + invalid);
                    }
                    else
                    {
                        run.CommandLine = ToolArguments.CommandLine(tool.CommandName, arguments);
                        switch (await _host.DecideAsync(tool, run, cancellationToken).ConfigureAwait(false))
                        {
                            case ToolCallDecision.Stop:
                                run.Status = "NotRun";
                                return null;
                            case ToolCallDecision.WhatIf:
                                run.Status = "WhatIf";
                                whatIf = true;
                                continue;
                            case ToolCallDecision.Declined:
                                run.Status = "Declined";
                                run.Output = "The user declined to run " + run.CommandLine + ". Do not call it again; answer without it or ask the user.";
                                break;
                            default:
                                await _host.RunAsync(tool, arguments, run, cancellationToken).ConfigureAwait(false);
                                break;
                        }
                    }
                }
                messages.Add(new QwenChatMessage("tool", run.Output) { ToolCallId = call.Id });
            }
            return whatIf ? null : messages;
        }
    }
}
