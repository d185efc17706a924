using System;
using System.Collections.Generic;
using System.Text.Json;
using DashScope.Catalog;
using DashScope.Client;
using DashScope.Json;
using DashScope.Models;
using DashScope.Streaming;

namespace DashScope.Requests
{
    /// <summary>
    /// Text embeddings in the OpenAI-compatible protocol: POST {compatible base}/embeddings with
    /// {"model", "input": [texts], "dimensions", "encoding_format": "float"}; answers data[].embedding by index. Sent instead
    /// of an <see cref="EmbeddingRequest"/> on a compatible connection, and written into Batch API lines (/v1/embeddings).
    /// The protocol has no "parameters" object: <see cref="AdditionalParameters"/> go at the top level of the body.
    /// </summary>
    public sealed class CompatibleEmbeddingRequest : ServiceRequest<QwenEmbeddingResult>
    {
        public const string EmbeddingsPath = "embeddings";

        /// <summary>The url of an embedding line in a Batch API input file.</summary>
        public const string BatchUrl = "/v1/embeddings";

        public CompatibleEmbeddingRequest()
        {
        }

        /// <summary>The compatible form of a native request: its model, texts and dimension.</summary>
        public CompatibleEmbeddingRequest(EmbeddingRequest native)
        {
            if (native == null) throw new ArgumentNullException(nameof(native));
            Model = native.Model;
            Texts = native.Texts;
            Dimension = native.Dimension;
            AdditionalParameters = native.AdditionalParameters;
            NativeOnly = native.TextType != null ? "a text type" : native.Instruct != null ? "an instruction"
                : native.OutputType != null && native.OutputType != "dense" ? "sparse vectors" : null;
        }

        public override string Path => EmbeddingsPath;

        public override ModelProtocol Protocol => ModelProtocol.Compatible;

        public string Model { get; set; } = EmbeddingRequest.DefaultModel;

        public IList<string> Texts { get; set; } = new List<string>();

        /// <summary>dimensions: the vector size, e.g. 1024.</summary>
        public int? Dimension { get; set; }

        /// <summary>
        /// Extra members of the body not modelled here, sent as given (plain .NET values); they override modelled members
        /// of the same name.
        /// </summary>
        public IDictionary<string, object?> AdditionalParameters { get; set; } = new Dictionary<string, object?>();

        /// <summary>What the native request asked for that this protocol has no member for (refused before sending).</summary>
        private string? NativeOnly { get; }

        public override void Validate()
        {
            if (string.IsNullOrWhiteSpace(Model))
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "No model was given.");
            if (NativeOnly != null)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                    "The OpenAI-compatible embeddings API takes no " + NativeOnly + ": leave it out, or use the native protocol (-Protocol Native).");
            EmbeddingRequest.ValidateTexts(Texts);
            if (Dimension.HasValue && Dimension.Value <= 0)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "The dimension must be positive.");
        }

        public override void WriteBody(Utf8JsonWriter writer)
        {
            var extra = AdditionalParameters ?? new Dictionary<string, object?>();
            writer.WriteStartObject();
            if (!extra.ContainsKey("model")) writer.WriteString("model", Model);
            if (!extra.ContainsKey("input"))
            {
                writer.WriteStartArray("input");
                foreach (var text in Texts) writer.WriteStringValue(text);
                writer.WriteEndArray();
            }
            if (Dimension.HasValue && !extra.ContainsKey("dimensions")) writer.WriteNumber("dimensions", Dimension.Value);
            if (!extra.ContainsKey("encoding_format")) writer.WriteString("encoding_format", "float");
            foreach (var pair in extra)
            {
                writer.WritePropertyName(pair.Key);
                JsonValueWriter.Write(writer, pair.Value);
            }
            writer.WriteEndObject();
        }

        public override QwenEmbeddingResult Decode(JsonElement root, string? requestId)
        {
            if (root.TryGet("error", out var error) && error.ValueKind == JsonValueKind.Object) throw CompatibleChunkDecoder.ErrorOf(error, requestId);
            var embeddings = new List<QwenEmbedding>();
            if (root.TryGet("data", out var data) && data.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in data.EnumerateArray())
                {
                    var index = item.GetIntOrNull("index") ?? embeddings.Count;
                    embeddings.Add(new QwenEmbedding
                    {
                        Index = index,
                        Text = Texts != null && index >= 0 && index < Texts.Count ? Texts[index] : null,
                        Embedding = item.TryGet("embedding", out var vector) ? EmbeddingRequest.ReadVector(vector) : Array.Empty<float>(),
                    });
                }
            }
            var usage = root.TryGet("usage", out var usageElement) && usageElement.ValueKind == JsonValueKind.Object ? CompatibleChunkDecoder.ReadUsage(usageElement) : null;
            // Each embedding says where it came from, as the native protocol's do.
            return EmbeddingRequest.Finish(embeddings, root.GetStringOrNull("model") ?? Model, usage, requestId ?? root.GetStringOrNull("id"));
        }
    }
}
