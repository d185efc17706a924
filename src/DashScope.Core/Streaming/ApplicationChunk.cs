using System.Collections.Generic;
using DashScope.Models;

namespace DashScope.Streaming
{
    /// <summary>What one application response (or one stream event of it) says.</summary>
    internal sealed class ApplicationChunk
    {
        public string? RequestId { get; set; }
        public string? Text { get; set; }
        public string? FinishReason { get; set; }
        public string? SessionId { get; set; }
        public List<QwenApplicationThought>? Thoughts { get; set; }
        public List<QwenDocReference>? DocReferences { get; set; }
        public IDictionary<string, object?>? WorkflowMessage { get; set; }
        public List<QwenModelUsage>? Usage { get; set; }
        public string? ErrorCode { get; set; }
        public string? ErrorMessage { get; set; }
    }
}
