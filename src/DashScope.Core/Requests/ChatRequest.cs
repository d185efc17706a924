using System.Collections.Generic;
using DashScope.Models;

namespace DashScope.Requests
{
    /// <summary>Everything one chat call asks for, in plain C# terms (no JSON yet).</summary>
    public sealed class ChatRequest
    {
        public const string DefaultModel = "qwen-plus";

        public string Model { get; set; } = DefaultModel;

        /// <summary>The conversation to send, the new user message last.</summary>
        public IList<QwenChatMessage> Messages { get; set; } = new List<QwenChatMessage>();

        public double? Temperature { get; set; }
        public double? TopP { get; set; }
        public int? TopK { get; set; }
        public long? Seed { get; set; }
        public int? MaxTokens { get; set; }
        public IList<string>? Stop { get; set; }
        public double? RepetitionPenalty { get; set; }
        public double? PresencePenalty { get; set; }
        public bool? EnableThinking { get; set; }
        public int? ThinkingBudget { get; set; }

        /// <summary>
        /// Extra "parameters" members not modelled above, sent as given (plain .NET values:
        /// dictionaries, lists, strings, numbers, booleans). They override modelled values of the same name,
        /// except the streaming flags, which the client owns.
        /// </summary>
        public IDictionary<string, object?> AdditionalParameters { get; set; } = new Dictionary<string, object?>();

        /// <summary>Ask for a server-sent event stream.</summary>
        public bool Stream { get; set; }

        /// <summary>enable_search: let the model search the web.</summary>
        public bool? EnableSearch { get; set; }

        /// <summary>search_options (enable_source, enable_citation, citation_format, forced_search, search_strategy, freshness, ...).</summary>
        public IDictionary<string, object?>? SearchOptions { get; set; }

        /// <summary>tools: the functions the model may call.</summary>
        public IList<DashScope.Tools.ToolDefinition>? Tools { get; set; }

        /// <summary>tool_choice: "auto", "none", or the name of the tool the model must call.</summary>
        public string? ToolChoice { get; set; }

        /// <summary>parallel_tool_calls: allow several tool calls in one answer.</summary>
        public bool? ParallelToolCalls { get; set; }

        /// <summary>response_format type: "json_object" or "text".</summary>
        public string? ResponseFormat { get; set; }

        /// <summary>
        /// Send to the multimodal endpoint with parts content whatever the model name (vision, audio, OCR).
        /// Messages with media <see cref="QwenChatMessage.Parts"/> go there anyway.
        /// </summary>
        public bool Multimodal { get; set; }

        /// <summary>vl_high_resolution_images: raise the per-image pixel (and token) cap of VL models.</summary>
        public bool? HighResolutionImages { get; set; }

        /// <summary>ocr_options for qwen-vl-ocr models: a built-in task and its configuration.</summary>
        public OcrOptions? Ocr { get; set; }

        /// <summary>asr_options for speech recognition models (qwen3-asr-flash).</summary>
        public AsrOptions? Asr { get; set; }
    }
}
