using System;
using System.Collections.Generic;
using System.Text.Json;
using DashScope.Json;
using DashScope.Models;
using DashScope.Streaming;

namespace DashScope.Requests
{
    /// <summary>
    /// Text embeddings, one vector per text: POST services/embeddings/text-embedding/text-embedding. Vectors are read
    /// straight into float arrays.
    /// </summary>
    public sealed class EmbeddingRequest : ModelRequest<QwenEmbeddingResult>
    {
        public const string EmbeddingPath = "services/embeddings/text-embedding/text-embedding";
        public const string DefaultModel = "text-embedding-v4";

        public EmbeddingRequest()
            : base(DefaultModel)
        {
        }

        public override string Path => EmbeddingPath;

        /// <summary>On an OpenAI-compatible connection the request goes to {base}/embeddings instead.</summary>
        public override Client.ServiceRequest<QwenEmbeddingResult>? CompatibleForm => new CompatibleEmbeddingRequest(this);

        public IList<string> Texts { get; set; } = new List<string>();

        /// <summary>Vector size (v3, v4), e.g. 1024 (the default), 512, 64.</summary>
        public int? Dimension { get; set; }

        /// <summary>query or document (the service's default): what the texts are, for asymmetric retrieval.</summary>
        public string? TextType { get; set; }

        /// <summary>A task instruction for query texts.</summary>
        public string? Instruct { get; set; }

        /// <summary>dense (the default), sparse, or dense&amp;sparse.</summary>
        public string? OutputType { get; set; }

        /// <summary>The same request (model and parameters) for other texts.</summary>
        public EmbeddingRequest WithTexts(IList<string> texts) => new EmbeddingRequest
        {
            Model = Model,
            Texts = texts,
            Dimension = Dimension,
            TextType = TextType,
            Instruct = Instruct,
            OutputType = OutputType,
            AdditionalParameters = AdditionalParameters,
        };

        public override void Validate()
        {
            base.Validate();
            ValidateTexts(Texts);
            if (TextType != null && TextType != "query" && TextType != "document")
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "The text type must be query or document, not '" + TextType + "'.");
            if (Dimension.HasValue && Dimension.Value <= 0)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "The dimension must be positive.");
        }

        protected override void WriteInput(Utf8JsonWriter writer)
        {
            writer.WriteStartArray("texts");
            foreach (var text in Texts) writer.WriteStringValue(text);
            writer.WriteEndArray();
        }

        protected override void WriteParameters(ParameterWriter parameters)
        {
            parameters.Write("text_type", TextType);
            parameters.Write("dimension", Dimension);
            parameters.Write("output_type", OutputType);
            parameters.Write("instruct", Instruct);
        }

        public override QwenEmbeddingResult Decode(JsonElement root, string? requestId)
        {
            var embeddings = new List<QwenEmbedding>();
            if (root.TryGet("output", out var output) && output.TryGet("embeddings", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                {
                    var index = item.GetIntOrNull("text_index") ?? item.GetIntOrNull("index") ?? embeddings.Count;
                    embeddings.Add(new QwenEmbedding
                    {
                        Index = index,
                        Text = Texts != null && index >= 0 && index < Texts.Count ? Texts[index] : null,
                        Embedding = item.TryGet("embedding", out var vector) ? ReadVector(vector) : Array.Empty<float>(),
                        Sparse = item.TryGet("sparse_embedding", out var sparse) ? ReadSparse(sparse) : null,
                    });
                }
            }
            var usage = root.TryGet("usage", out var usageElement) && usageElement.ValueKind == JsonValueKind.Object
                ? GenerationChunkDecoder.ReadUsage(usageElement)
                : null;
            return Finish(embeddings, usage, requestId);
        }

        /// <summary>Texts to send: at least one, none empty (the service fails the whole call for one empty text; say which one before sending).</summary>
        internal static void ValidateTexts(IList<string>? texts)
        {
            if (texts == null || texts.Count == 0)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "No text to embed was given.");
            for (var i = 0; i < texts.Count; i++)
            {
                if (string.IsNullOrEmpty(texts[i]))
                    throw new DashScopeException(DashScopeErrorKind.InvalidInput, "Text " + i + " is empty; the service embeds no empty text.");
            }
        }

        private QwenEmbeddingResult Finish(List<QwenEmbedding> embeddings, QwenUsage? usage, string? requestId) => Finish(embeddings, Model, usage, requestId);

        /// <summary>The result of one call: embeddings in text order, each saying which model, usage and request made it.</summary>
        internal static QwenEmbeddingResult Finish(List<QwenEmbedding> embeddings, string model, QwenUsage? usage, string? requestId)
        {
            // The service lists them by text_index; sort anyway, so Embeddings[i] always belongs to Texts[i].
            embeddings.Sort((a, b) => a.Index.CompareTo(b.Index));
            foreach (var embedding in embeddings)
            {
                embedding.Model = model;
                embedding.Usage = usage;
                embedding.RequestId = requestId;
            }
            return new QwenEmbeddingResult
            {
                Model = model,
                Embeddings = embeddings,
                Usage = usage,
                RequestId = requestId,
            };
        }

        /// <summary>
        /// Reads a dense answer in one pass over its bytes (answers are ten vectors of up to 2,048 numbers): the JSON
        /// reader walks the structure, and each vector's numbers are parsed where they stand, the reader taking up again
        /// at the vector's ']'. Anything else (sparse vectors, an error object) is left to <see cref="Decode"/>.
        /// </summary>
        protected internal override bool TryDecodeRaw(ReadOnlySpan<byte> json, string? headerRequestId, out QwenEmbeddingResult response)
        {
            response = null!;
            var embeddings = new List<QwenEmbedding>();
            QwenUsage? usage = null;
            string? requestId = null;
            var cursor = new JsonCursor(json);
            if (!cursor.Reader.Read() || cursor.Reader.TokenType != JsonTokenType.StartObject) return false;
            while (cursor.Reader.Read() && cursor.Reader.TokenType == JsonTokenType.PropertyName)
            {
                if (cursor.Reader.ValueTextEquals("output"))
                {
                    if (!cursor.Reader.Read() || cursor.Reader.TokenType != JsonTokenType.StartObject) return false;
                    while (cursor.Reader.Read() && cursor.Reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (!cursor.Reader.ValueTextEquals("embeddings"))
                        {
                            cursor.Reader.Read();
                            cursor.Reader.Skip();
                            continue;
                        }
                        if (!cursor.Reader.Read() || cursor.Reader.TokenType != JsonTokenType.StartArray) return false;
                        while (cursor.Reader.Read() && cursor.Reader.TokenType == JsonTokenType.StartObject)
                        {
                            if (!TryReadEmbedding(ref cursor, embeddings)) return false;
                        }
                    }
                }
                else if (cursor.Reader.ValueTextEquals("usage"))
                {
                    cursor.Reader.Read();
                    if (cursor.Reader.TokenType != JsonTokenType.StartObject) return false;
                    var start = cursor.Offset + (int)cursor.Reader.TokenStartIndex;
                    cursor.Reader.Skip();
                    var end = cursor.Offset + (int)cursor.Reader.BytesConsumed;
                    using (var document = JsonDocument.Parse(json.Slice(start, end - start).ToArray()))
                        usage = GenerationChunkDecoder.ReadUsage(document.RootElement);
                }
                else if (cursor.Reader.ValueTextEquals("request_id"))
                {
                    cursor.Reader.Read();
                    requestId = cursor.Reader.TokenType == JsonTokenType.String ? cursor.Reader.GetString() : null;
                }
                else if (cursor.Reader.ValueTextEquals("code"))
                {
                    return false;
                }
                else
                {
                    cursor.Reader.Read();
                    cursor.Reader.Skip();
                }
            }
            if (cursor.Reader.TokenType != JsonTokenType.EndObject || cursor.Reader.Read()) return false;
            response = Finish(embeddings, usage, requestId ?? headerRequestId);
            return true;
        }

        /// <summary>One item of output.embeddings (the reader on its StartObject); false for what only Decode reads.</summary>
        private bool TryReadEmbedding(ref JsonCursor cursor, List<QwenEmbedding> embeddings)
        {
            int? index = null;
            float[]? vector = null;
            while (cursor.Reader.Read() && cursor.Reader.TokenType == JsonTokenType.PropertyName)
            {
                if (cursor.Reader.ValueTextEquals("embedding"))
                {
                    if (!cursor.Reader.Read() || cursor.Reader.TokenType != JsonTokenType.StartArray) return false;
                    var values = new float[Dimension ?? 1024];
                    var close = JsonNumbers.ReadSingleArray(cursor.Json, cursor.Offset + (int)cursor.Reader.BytesConsumed, ref values, out var count);
                    cursor.ResumeAt(close);
                    if (!cursor.Reader.Read() || cursor.Reader.TokenType != JsonTokenType.EndArray) return false;
                    if (count != values.Length) Array.Resize(ref values, count);
                    vector = values;
                }
                else if (cursor.Reader.ValueTextEquals("text_index") || cursor.Reader.ValueTextEquals("index"))
                {
                    cursor.Reader.Read();
                    if (cursor.Reader.TokenType != JsonTokenType.Number || !cursor.Reader.TryGetInt32(out var number)) return false;
                    index = number;
                }
                else if (cursor.Reader.ValueTextEquals("sparse_embedding"))
                {
                    return false;
                }
                else
                {
                    cursor.Reader.Read();
                    cursor.Reader.Skip();
                }
            }
            var position = index ?? embeddings.Count;
            embeddings.Add(new QwenEmbedding
            {
                Index = position,
                Text = Texts != null && position >= 0 && position < Texts.Count ? Texts[position] : null,
                Embedding = vector ?? Array.Empty<float>(),
            });
            return true;
        }

        /// <summary>A JSON array of numbers into floats, without an intermediate list.</summary>
        internal static float[] ReadVector(JsonElement array)
        {
            if (array.ValueKind != JsonValueKind.Array) return Array.Empty<float>();
            var vector = new float[array.GetArrayLength()];
            var i = 0;
            foreach (var number in array.EnumerateArray()) vector[i++] = number.GetSingle();
            return vector;
        }

        private static IReadOnlyList<QwenSparseValue>? ReadSparse(JsonElement array)
        {
            if (array.ValueKind != JsonValueKind.Array) return null;
            var values = new List<QwenSparseValue>(array.GetArrayLength());
            foreach (var item in array.EnumerateArray())
            {
                values.Add(new QwenSparseValue
                {
                    Index = item.GetIntOrNull("index") ?? 0,
                    Value = item.TryGet("value", out var value) ? value.GetSingle() : 0f,
                    Token = item.GetStringOrNull("token"),
                });
            }
            return values;
        }
    }
}
