using System.Collections.Generic;
using DashScope.Models;

namespace DashScope.Requests
{
    /// <summary>A call to a Model Studio application or workflow (POST apps/{id}/completion). Immutable once built.</summary>
    public sealed record ApplicationRequest
    {
        private static readonly IReadOnlyDictionary<string, object?> None = new Dictionary<string, object?>();

        public string AppId { get; init; } = string.Empty;

        /// <summary>The user's message (input.prompt).</summary>
        public string? Prompt { get; init; }

        /// <summary>A whole conversation instead of the service's session (input.messages).</summary>
        public IReadOnlyList<QwenChatMessage>? Messages { get; init; }

        /// <summary>The session to continue (input.session_id).</summary>
        public string? SessionId { get; init; }

        /// <summary>The long-term memory to use (input.memory_id).</summary>
        public string? MemoryId { get; init; }

        /// <summary>Values for the application's or workflow's own parameters (input.biz_params).</summary>
        public IReadOnlyDictionary<string, object?> Parameters { get; init; } = None;

        /// <summary>has_thoughts: return the steps the application took.</summary>
        public bool? IncludeThoughts { get; init; }

        public double? Temperature { get; init; }
        public double? TopP { get; init; }
        public int? TopK { get; init; }
        public long? Seed { get; init; }

        /// <summary>Extra "parameters" members (rag_options, ...), sent as given.</summary>
        public IReadOnlyDictionary<string, object?> AdditionalParameters { get; init; } = None;
    }
}
