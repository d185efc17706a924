using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using DashScope.Catalog;
using DashScope.Client;
using DashScope.Json;
using DashScope.Models;

namespace DashScope.Requests
{
    /// <summary>GET {compatible base}/models: what an OpenAI-compatible server serves ({"data":[{"id","owned_by","created"}]}).</summary>
    public sealed class ListModelsRequest : ServiceRequest<IReadOnlyList<QwenModel>>
    {
        private readonly Uri _server;

        /// <param name="server">The base the models are listed from, recorded on each model.</param>
        public ListModelsRequest(Uri server)
        {
            _server = server;
        }

        public override string Path => "models";

        public override HttpMethod Method => HttpMethod.Get;

        public override ModelProtocol Protocol => ModelProtocol.Compatible;

        public override IReadOnlyList<QwenModel> Decode(JsonElement root, string? requestId)
        {
            var models = new List<QwenModel>();
            if (!root.TryGet("data", out var data) || data.ValueKind != JsonValueKind.Array) return models;
            foreach (var item in data.EnumerateArray())
            {
                var name = item.GetStringOrNull("id");
                if (string.IsNullOrEmpty(name)) continue;
                models.Add(new QwenModel
                {
                    Name = name!,
                    Source = "Server",
                    OwnedBy = item.GetStringOrNull("owned_by"),
                    Created = item.TryGet("created", out var created) && created.ValueKind == JsonValueKind.Number && created.TryGetInt64(out var seconds)
                        ? DateTimeOffset.FromUnixTimeSeconds(seconds) : (DateTimeOffset?)null,
                    Server = _server,
                });
            }
            return models;
        }
    }
}
