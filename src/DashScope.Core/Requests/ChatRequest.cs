using System.Collections.Generic;
using DashScope.Catalog;
using DashScope.Models;
using DashScope.Tools;

namespace DashScope.Requests
{
    /// <summary>
    /// Everything one chat call asks for, in plain C# terms (no JSON yet). Immutable once built: the client never
    /// changes it, and the tool-call loop sends a copy with the longer conversation (<c>request with { Messages = ... }</c>).
    /// </summary>
    public sealed record ChatRequest
    {
        public const string DefaultModel = "qwen-plus";

        private static readonly IReadOnlyDictionary<string, object?> NoParameters = new Dictionary<string, object?>();

        public string Model { get; init; } = DefaultModel;

        /// <summary>The conversation to send, the new user message last.</summary>
        public IReadOnlyList<QwenChatMessage> Messages { get; init; } = new QwenChatMessage[0];

        /// <summary>The prompt this request answers (not sent by itself; results and errors carry it).</summary>
        public string? Prompt { get; init; }

        public double? Temperature { get; init; }
        public double? TopP { get; init; }
        public int? TopK { get; init; }
        public long? Seed { get; init; }
        public int? MaxTokens { get; init; }
        public IReadOnlyList<string>? Stop { get; init; }
        public double? RepetitionPenalty { get; init; }
        public double? PresencePenalty { get; init; }
        public bool? EnableThinking { get; init; }
        public int? ThinkingBudget { get; init; }

        /// <summary>reasoning_effort (low, medium, high, xhigh) for the models that take it.</summary>
        public string? ReasoningEffort { get; init; }

        /// <summary>
        /// Extra "parameters" members not modelled above, sent as given (plain .NET values:
        /// dictionaries, lists, strings, numbers, booleans). They override modelled values of the same name,
        /// except the streaming flags, which the client owns.
        /// </summary>
        public IReadOnlyDictionary<string, object?> AdditionalParameters { get; init; } = NoParameters;

        /// <summary>enable_thinking as the body sends it: an extra parameter (in any spelling) overrides <see cref="EnableThinking"/>.</summary>
        public bool? ThinkingAsSent =>
            AdditionalParameters.Count > 0 && ParameterNames.Canonicalize(AdditionalParameters).TryGetValue("enable_thinking", out var value) && value is bool flag
                ? flag
                : EnableThinking;

        /// <summary>n: how many answers to generate (1 to 4; the first is the result's Text).</summary>
        public int? Choices { get; init; }

        /// <summary>logprobs: return each token's log-probability.</summary>
        public bool? LogProbabilities { get; init; }

        /// <summary>top_logprobs: how many alternatives to return per token (0 to 5).</summary>
        public int? TopLogProbabilities { get; init; }

        /// <summary>translation_options for the qwen-mt models.</summary>
        public TranslationOptions? Translation { get; init; }

        /// <summary>enable_code_interpreter: let the model run code (with thinking, streamed).</summary>
        public bool? EnableCodeInterpreter { get; init; }

        /// <summary>enable_search: let the model search the web.</summary>
        public bool? EnableSearch { get; init; }

        /// <summary>search_options (enable_source, enable_citation, citation_format, forced_search, search_strategy, freshness, ...).</summary>
        public IReadOnlyDictionary<string, object?>? SearchOptions { get; init; }

        /// <summary>tools: the functions the model may call.</summary>
        public IReadOnlyList<ToolDefinition>? Tools { get; init; }

        /// <summary>tool_choice: "auto", "none", or the name of the tool the model must call.</summary>
        public string? ToolChoice { get; init; }

        /// <summary>parallel_tool_calls: allow several tool calls in one answer.</summary>
        public bool? ParallelToolCalls { get; init; }

        /// <summary>response_format type: "json_object" or "text".</summary>
        public string? ResponseFormat { get; init; }

        /// <summary>
        /// Send to the multimodal endpoint with parts content whatever the model name (vision, audio, OCR).
        /// Messages with media <see cref="QwenChatMessage.Parts"/> go there anyway.
        /// </summary>
        public bool Multimodal { get; init; }

        /// <summary>Text or Multimodal to override the model catalog's choice of endpoint (-Endpoint); null lets the catalog decide.</summary>
        public ModelEndpoint? Endpoint { get; init; }

        /// <summary>vl_high_resolution_images: raise the per-image pixel (and token) cap of VL models.</summary>
        public bool? HighResolutionImages { get; init; }

        /// <summary>ocr_options for qwen-vl-ocr models: a built-in task and its configuration.</summary>
        public OcrOptions? Ocr { get; init; }

        /// <summary>asr_options for speech recognition models (qwen3-asr-flash).</summary>
        public AsrOptions? Asr { get; init; }

        /// <summary>
        /// modalities: what the answer comes in, "text" and "audio" (omni models); null or text alone is the default and
        /// sends nothing. With audio the answer streams and its speech is saved to <see cref="AudioFile"/>.
        /// </summary>
        public IReadOnlyList<string>? Modalities { get; init; }

        /// <summary>audio.voice of a spoken answer; null: the model's default voice from the catalog.</summary>
        public string? Voice { get; init; }

        /// <summary>Where a spoken answer is saved, as a WAV file; required when <see cref="Modalities"/> has audio.</summary>
        public AudioTarget? AudioFile { get; init; }

        /// <summary>True when the answer is asked for in speech as well as text.</summary>
        public bool WantsAudio
        {
            get
            {
                if (Modalities == null) return false;
                foreach (var modality in Modalities)
                {
                    if (string.Equals(modality, "audio", System.StringComparison.OrdinalIgnoreCase)) return true;
                }
                return false;
            }
        }
    }
}
