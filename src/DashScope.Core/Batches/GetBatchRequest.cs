using System;
using System.Net.Http;
using System.Text.Json;
using DashScope.Catalog;
using DashScope.Client;
using DashScope.Models;

namespace DashScope.Batches
{
    /// <summary>GET {compatible base}/batches/{id}, or POST …/{id}/cancel: the batch as it is now.</summary>
    internal sealed class GetBatchRequest : ServiceRequest<QwenBatch>
    {
        private readonly string _id;
        private readonly bool _cancel;

        public GetBatchRequest(string id, bool cancel = false)
        {
            _id = id;
            _cancel = cancel;
        }

        public override string Path => "batches/" + Uri.EscapeDataString(_id) + (_cancel ? "/cancel" : string.Empty);

        public override HttpMethod Method => _cancel ? HttpMethod.Post : HttpMethod.Get;

        public override ModelProtocol Protocol => ModelProtocol.Compatible;

        public override QwenBatch Decode(JsonElement root, string? requestId) => QwenBatchDecoder.Decode(root, requestId);
    }
}
