using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using DashScope.Catalog;
using DashScope.Client;
using DashScope.Completion;
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
        /// -Stream the cmdlet streams internally and writes the whole result at the end. -EnableThinking:$false turns
        /// thinking off for models that think by default (the open-source Qwen3, Qwen3.5 and later); without the
        /// parameter nothing is sent and the model's default applies.
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
        /// <summary>
        /// How hard a reasoning model thinks (reasoning_effort), for the models that take it (the model catalog says
        /// which; DeepSeek takes low, medium, high and xhigh). For other models a warning says it may be ignored.
        /// </summary>
        [Parameter]
        [ArgumentCompleter(typeof(ReasoningEffortCompleter))]
        [ValidateNotNullOrEmpty]
        public string? ReasoningEffort { get; set; }

        /// <summary>
        /// Sends the call to the Text or Multimodal generation endpoint whatever the model catalog says about the model.
        /// Without it the catalog decides (vision, audio and OCR models and Qwen3.5 and later use the multimodal endpoint),
        /// and when the service answers "url error" the call goes once to the other endpoint, which is then remembered
        /// for the session (-Verbose says so).
        /// </summary>
        [Parameter]
        [ValidateSet("Text", "Multimodal")]
        public ModelEndpoint? Endpoint { get; set; }

        protected override void BeginProcessing()
        {
            if (ThinkingBudget.HasValue && !EnableThinking.IsPresent)
            {
                WriteWarning("-ThinkingBudget has no effect without -EnableThinking.");
            }
            if (ReasoningEffort != null && !ModelCatalog.Default.Find(Model).ReasoningEffort)
            {
                WriteWarning("The model catalog does not list " + Model + " as taking -ReasoningEffort; the service may ignore or refuse it.");
            }
            base.BeginProcessing();
        }

        /// <summary>
        /// A request for <paramref name="messages"/> with every chat parameter of this command; <paramref name="adjust"/>
        /// adds what only one cmdlet asks for. Search results come first in a stream only when asked for: the call
        /// streams when this command writes stream records or when the service requires it.
        /// </summary>
        private protected ChatRequest NewChatRequest(string model, IReadOnlyList<QwenChatMessage> messages, string? prompt, Func<ChatRequest, ChatRequest>? adjust = null)
        {
            var request = new ChatRequest
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
                EnableThinking = Bound(nameof(EnableThinking)) ? EnableThinking.IsPresent : (bool?)null,
                ThinkingBudget = EnableThinking.IsPresent ? ThinkingBudget : null,
                ReasoningEffort = ReasoningEffort,
                Endpoint = Endpoint,
                AdditionalParameters = PlainAdditionalParameters(),
                Tools = _tools.Count > 0 ? _tools.ToList<ToolDefinition>() : null,
                ToolChoice = string.IsNullOrEmpty(ToolChoice) ? null : ToolChoice,
                ParallelToolCalls = Bound(nameof(ParallelToolCalls)) ? ParallelToolCalls.IsPresent : (bool?)null,
            };
            if (adjust != null) request = adjust(request);
            return SearchRequested
                ? request with { EnableSearch = true, SearchOptions = BuildSearchOptions(WritesStreamRecords || ChatClient.NeedsStream(request)) }
                : request;
        }
    }
}
