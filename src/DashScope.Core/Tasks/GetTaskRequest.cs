using System;
using System.Net.Http;
using System.Text.Json;
using DashScope.Client;
using DashScope.Models;

namespace DashScope.Tasks
{
    /// <summary>GET tasks/{id}: the task's status, times and, once it succeeded, its output.</summary>
    internal sealed class GetTaskRequest : ServiceRequest<QwenTask>
    {
        private readonly string _taskId;

        public GetTaskRequest(string taskId)
        {
            _taskId = taskId;
        }

        public override string Path => "tasks/" + Uri.EscapeDataString(_taskId);

        public override HttpMethod Method => HttpMethod.Get;

        public override QwenTask Decode(JsonElement root, string? requestId)
        {
            var task = QwenTaskDecoder.Decode(root, requestId);
            if (task.TaskId.Length == 0) task.TaskId = _taskId;
            return task;
        }
    }
}
