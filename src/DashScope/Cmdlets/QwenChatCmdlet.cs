using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Tools;

namespace DashScope.Cmdlets
{
    /// <summary>
    /// Base of the chat cmdlets (Invoke-QwenChat, Enter-QwenChat): the chat parameters beyond the generation ones
    /// (sampling, thinking, web search, tools, documents) and the request they make. Tools are converted and documents
    /// uploaded once the connection is resolved, before any question is sent.
    /// </summary>
    public abstract partial class QwenChatCmdlet : QwenGenerationCmdlet
    {
        /// <summary>
        /// Samples only among the K most likely tokens at each step (top_k). Smaller values give more predictable text.
        /// Without it the model's default applies.
        /// </summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? TopK { get; set; }

        /// <summary>One or more strings at which the model stops writing (stop); the stop string itself is not part of the answer.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Stop { get; set; }

        /// <summary>
        /// Penalty for repeating the same tokens (repetition_penalty), above 0; 1.0 means none, higher values make
        /// repetition less likely.
        /// </summary>
        [Parameter]
        [ValidateRange(0.0001, double.MaxValue)]
        public double? RepetitionPenalty { get; set; }

        /// <summary>
        /// Penalty from -2 to 2 for tokens that already appear in the text (presence_penalty): positive values push the
        /// model towards new topics, negative values keep it on the subject.
        /// </summary>
        [Parameter]
        [ValidateRange(-2.0, 2.0)]
        public double? PresencePenalty { get; set; }

        /// <summary>
        /// Lets a hybrid thinking model (such as qwen-plus) reason before it answers (enable_thinking). The reasoning is
        /// returned apart from the answer, in Reasoning. The service allows thinking only in streamed calls, so without
        /// -Stream the cmdlet streams internally and writes the whole result at the end.
        /// </summary>
        [Parameter]
        public SwitchParameter EnableThinking { get; set; }

        /// <summary>
        /// The most tokens the model may spend on reasoning (thinking_budget). Takes effect only with -EnableThinking;
        /// without it a warning says so.
        /// </summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? ThinkingBudget { get; set; }
        protected override void BeginProcessing()
        {
            if (ThinkingBudget.HasValue && !EnableThinking.IsPresent)
            {
                WriteWarning("-ThinkingBudget has no effect without -EnableThinking.");
            }
            base.BeginProcessing();
        }

        /// <summary>A request for <paramref name="messages"/> with every chat parameter of this command.</summary>
        private protected ChatRequest NewChatRequest(string model, IReadOnlyList<QwenChatMessage> messages, string? prompt) => new ChatRequest
        {
            Model = model,
            Messages = messages,
            Prompt = prompt,
            Temperature = Temperature,
            TopP = TopP,
            TopK = TopK,
            Seed = Seed,
            MaxTokens = MaxTokens,
            Stop = Stop,
            RepetitionPenalty = RepetitionPenalty,
            PresencePenalty = PresencePenalty,
            EnableThinking = EnableThinking.IsPresent ? true : (bool?)null,
            ThinkingBudget = EnableThinking.IsPresent ? ThinkingBudget : null,
            AdditionalParameters = PlainAdditionalParameters(),
            EnableSearch = SearchRequested ? true : (bool?)null,
            SearchOptions = SearchRequested ? BuildSearchOptions() : null,
            Tools = _tools.Count > 0 ? _tools.ToList<ToolDefinition>() : null,
            ToolChoice = string.IsNullOrEmpty(ToolChoice) ? null : ToolChoice,
            ParallelToolCalls = Bound(nameof(ParallelToolCalls)) ? ParallelToolCalls.IsPresent : (bool?)null,
        };
    }
}
