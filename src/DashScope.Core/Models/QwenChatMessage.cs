using System;
using System.Collections.Generic;

namespace DashScope.Models
{
    /// <summary>One message of a conversation, as sent to and received from the service.</summary>
    public sealed class QwenChatMessage
    {
        public QwenChatMessage()
        {
        }

        public QwenChatMessage(string role, string? content)
        {
            Role = role;
            Content = content;
        }

        /// <summary>system, user, assistant or tool.</summary>
        public string Role { get; set; } = "user";

        public string? Content { get; set; }

        /// <summary>The model's reasoning (thinking models), kept with assistant messages.</summary>
        public string? ReasoningContent { get; set; }

        public IList<QwenToolCall>? ToolCalls { get; set; }

        /// <summary>For tool messages: the id of the call this answers.</summary>
        public string? ToolCallId { get; set; }

        public string? Name { get; set; }

        /// <summary>Assistant prefix the model should continue.</summary>
        public bool Partial { get; set; }

        /// <summary>
        /// The message as parts (images, video, audio and text) for the multimodal endpoint. When set, it is
        /// sent instead of <see cref="Content"/>, which then holds the text parts joined, for display.
        /// </summary>
        public IList<QwenContentPart>? Parts { get; set; }

        public override string ToString() => Role + ": " + Content;

        /// <summary>A shallow copy (lists copied, their items shared).</summary>
        public QwenChatMessage Clone()
        {
            return new QwenChatMessage(Role, Content)
            {
                ReasoningContent = ReasoningContent,
                ToolCalls = ToolCalls == null ? null : new List<QwenToolCall>(ToolCalls),
                ToolCallId = ToolCallId,
                Name = Name,
                Partial = Partial,
                Parts = Parts == null ? null : new List<QwenContentPart>(Parts),
            };
        }

        public static bool IsKnownRole(string? role) =>
            string.Equals(role, "system", StringComparison.Ordinal) ||
            string.Equals(role, "user", StringComparison.Ordinal) ||
            string.Equals(role, "assistant", StringComparison.Ordinal) ||
            string.Equals(role, "tool", StringComparison.Ordinal);
    }
}
