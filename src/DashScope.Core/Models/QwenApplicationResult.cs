using System;
using System.Collections.Generic;

namespace DashScope.Models
{
    /// <summary>
    /// The answer of a Model Studio application or workflow (Invoke-QwenApplication). Pipe it back with the next
    /// prompt to continue its session.
    /// </summary>
    public sealed class QwenApplicationResult
    {
        public string AppId { get; set; } = string.Empty;

        public string Text { get; set; } = string.Empty;

        /// <summary>The session the service keeps the conversation in; sent again to continue it.</summary>
        public string? SessionId { get; set; }

        /// <summary>stop, or null when the call did not finish.</summary>
        public string? FinishReason { get; set; }

        /// <summary>The steps the application took (-IncludeThoughts); empty otherwise.</summary>
        public IList<QwenApplicationThought> Thoughts { get; set; } = new List<QwenApplicationThought>();

        /// <summary>Knowledge-base passages the answer cites.</summary>
        public IList<QwenDocReference> DocReferences { get; set; } = new List<QwenDocReference>();

        /// <summary>Workflow applications: the last node's message, as plain values; null otherwise.</summary>
        public IDictionary<string, object?>? WorkflowMessage { get; set; }

        /// <summary>Tokens per model the application used.</summary>
        public IList<QwenModelUsage> Usage { get; set; } = new List<QwenModelUsage>();

        /// <summary>The prompt this result answers.</summary>
        public string? Prompt { get; set; }

        public string? RequestId { get; set; }

        public bool Streamed { get; set; }

        public bool Completed { get; set; }

        public TimeSpan Duration { get; set; }

        public override string ToString() => Text;
    }
}
