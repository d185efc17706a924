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
    }
}
