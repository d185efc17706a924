using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using DashScope.Client;
using DashScope.Models;

namespace DashScope.Tasks
{
    /// <summary>Any service request sent with X-DashScope-Async: enable; the answer is the new task.</summary>
    internal sealed class AsyncSubmission : ServiceRequest<QwenTask>
    {
        public const string AsyncHeader = "X-DashScope-Async";

        private readonly ServiceRequest _inner;

        public AsyncSubmission(ServiceRequest inner)
        {
            _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        }

        public override string Path => _inner.Path;

        public override HttpMethod Method => _inner.Method;

        public override IDictionary<string, string>? Headers
        {
            get
            {
                var headers = _inner.Headers == null
                    ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
                    : new Dictionary<string, string>(_inner.Headers, StringComparer.OrdinalIgnoreCase);
                headers[AsyncHeader] = "enable";
                return headers;
            }
        }

        public override void Validate() => _inner.Validate();

        public override void WriteBody(Utf8JsonWriter writer) => _inner.WriteBody(writer);

        public override QwenTask Decode(JsonElement root, string? requestId) => QwenTaskDecoder.DecodeSubmitted(root, requestId, _inner.Path);
    }
}
