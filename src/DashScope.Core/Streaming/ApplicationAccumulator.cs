using System.Collections.Generic;
using System.Text;
using DashScope.Models;
using DashScope.Requests;

namespace DashScope.Streaming
{
    /// <summary>
    /// Builds an application's whole answer from its events: text appended, the first session id, the last non-empty
    /// thoughts, citations and usage (streams repeat them cumulatively), the last finish reason.
    /// </summary>
    internal sealed class ApplicationAccumulator
    {
        private readonly StringBuilder _text = new StringBuilder();
        private string? _sessionId;
        private string? _finishReason;
        private string? _requestId;
        private List<QwenApplicationThought>? _thoughts;
        private List<QwenDocReference>? _references;
        private List<QwenModelUsage>? _usage;
        private IDictionary<string, object?>? _workflow;

        public void Add(ApplicationChunk chunk)
        {
            if (!string.IsNullOrEmpty(chunk.Text)) _text.Append(chunk.Text);
            if (_sessionId == null && !string.IsNullOrEmpty(chunk.SessionId)) _sessionId = chunk.SessionId;
            if (_requestId == null && !string.IsNullOrEmpty(chunk.RequestId)) _requestId = chunk.RequestId;
            if (chunk.FinishReason != null) _finishReason = chunk.FinishReason;
            if (chunk.Thoughts != null) _thoughts = chunk.Thoughts;
            if (chunk.DocReferences != null) _references = chunk.DocReferences;
            if (chunk.Usage != null && chunk.Usage.Count > 0) _usage = chunk.Usage;
            if (chunk.WorkflowMessage != null) _workflow = chunk.WorkflowMessage;
        }

        public QwenApplicationResult ToResult(ApplicationRequest request, bool completed) => new QwenApplicationResult
        {
            AppId = request.AppId,
            Text = _text.ToString(),
            SessionId = _sessionId ?? request.SessionId,
            FinishReason = _finishReason,
            Thoughts = _thoughts ?? new List<QwenApplicationThought>(),
            DocReferences = _references ?? new List<QwenDocReference>(),
            WorkflowMessage = _workflow,
            Usage = _usage ?? new List<QwenModelUsage>(),
            Prompt = request.Prompt,
            RequestId = _requestId,
            Completed = completed,
        };
    }
}
