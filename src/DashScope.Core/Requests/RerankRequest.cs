using System.Collections.Generic;
using System.Text.Json;
using DashScope.Json;
using DashScope.Models;
using DashScope.Streaming;

namespace DashScope.Requests
{
    /// <summary>Ranks documents by relevance to a query: POST services/rerank/text-rerank/text-rerank.</summary>
    public sealed class RerankRequest : ModelRequest<QwenRerankResult>
    {
        public const string RerankPath = "services/rerank/text-rerank/text-rerank";
        public const string DefaultModel = "gte-rerank-v2";

        public RerankRequest()
            : base(DefaultModel)
        {
        }

        public override string Path => RerankPath;

        public string Query { get; set; } = string.Empty;

        public IList<string> Documents { get; set; } = new List<string>();

        /// <summary>How many of the best documents to return (the service's default: all).</summary>
        public int? TopN { get; set; }

        /// <summary>Ask the service to send the documents back; the result has their text either way.</summary>
        public bool? ReturnDocuments { get; set; }

        /// <summary>The ranking task in English, e.g. "Retrieve semantically similar text."</summary>
        public string? Instruct { get; set; }

        public override void Validate()
        {
            base.Validate();
            if (string.IsNullOrEmpty(Query))
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "No query was given to rank the documents by.");
            if (Documents == null || Documents.Count == 0)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "No documents to rank were given.");
            if (TopN.HasValue && TopN.Value < 1)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "TopN must be at least 1.");
        }

        protected override void WriteInput(Utf8JsonWriter writer)
        {
            writer.WriteString("query", Query);
            writer.WriteStartArray("documents");
            foreach (var document in Documents) writer.WriteStringValue(document);
            writer.WriteEndArray();
        }

        protected override void WriteParameters(ParameterWriter parameters)
        {
            parameters.Write("top_n", TopN);
            parameters.Write("return_documents", ReturnDocuments);
            parameters.Write("instruct", Instruct);
        }

        public override QwenRerankResult Decode(JsonElement root, string? requestId)
        {
            var results = new List<QwenRerankItem>();
            if (root.TryGet("output", out var output) && output.TryGet("results", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                {
                    var index = item.GetIntOrNull("index") ?? -1;
                    results.Add(new QwenRerankItem
                    {
                        Index = index,
                        RelevanceScore = item.GetDoubleOrNull("relevance_score") ?? 0,
                        Document = DocumentText(item) ?? (Documents != null && index >= 0 && index < Documents.Count ? Documents[index] : null),
                    });
                }
            }
            return new QwenRerankResult
            {
                Model = Model,
                Query = Query,
                Results = results,
                Usage = root.TryGet("usage", out var usage) && usage.ValueKind == JsonValueKind.Object ? GenerationChunkDecoder.ReadUsage(usage) : null,
                RequestId = requestId,
            };
        }

        /// <summary>document.text as documented; a bare string is read too.</summary>
        private static string? DocumentText(JsonElement item)
        {
            if (!item.TryGet("document", out var document)) return null;
            return document.ValueKind == JsonValueKind.String ? document.GetString() : document.GetStringOrNull("text");
        }
    }
}
