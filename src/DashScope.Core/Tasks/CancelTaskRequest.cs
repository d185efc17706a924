using System;
using System.Text.Json;
using DashScope.Client;

namespace DashScope.Tasks
{
    /// <summary>POST tasks/{id}/cancel with an empty body; the answer carries only a request id.</summary>
    internal sealed class CancelTaskRequest : ServiceRequest<string?>
    {
        private readonly string _taskId;

        public CancelTaskRequest(string taskId)
        {
            _taskId = taskId;
        }

        public override string Path => "tasks/" + Uri.EscapeDataString(_taskId) + "/cancel";

        public override string? Decode(JsonElement root, string? requestId) => requestId;
    }
}
