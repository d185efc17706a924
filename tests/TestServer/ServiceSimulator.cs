using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DashScope.TestServer;

/// <summary>
/// The synchronous JSON services beside chat: text embeddings (deterministic unit vectors per text, dense and sparse, with
/// the service's limits), rerank (scored by shared characters, best first) and the tokenizer (CJK in pairs, words whole).
/// Results are functions of the input that tests can compute themselves (<see cref="Vector"/>, <see cref="Tokenize"/>,
/// <see cref="Score"/>).
/// </summary>
public static partial class ServiceSimulator
{
    public const string EmbeddingPath = "/api/v1/services/embeddings/text-embedding/text-embedding";
    public const string RerankPath = "/api/v1/services/rerank/text-rerank/text-rerank";
    public const string TokenizerPath = "/api/v1/tokenizer";

    private static readonly JsonWriterOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    internal static readonly int[] V4Dimensions = [2048, 1536, 1024, 768, 512, 256, 128, 64];
    private static readonly int[] V3Dimensions = [1024, 768, 512, 256, 128, 64];

    public static bool Handles(string path) => path is EmbeddingPath or RerankPath or TokenizerPath;

    /// <summary>Writes the answer body to <paramref name="output"/>, or returns the error the service would give (writing nothing).</summary>
    public static (int Status, string Code, string Message)? Answer(string path, JsonNode? body, string requestId, IBufferWriter<byte> output, bool sameVector = false)
    {
        if (body is not JsonObject root || root["model"]?.GetValueKind() != JsonValueKind.String)
            return (400, "InvalidParameter", "Required parameter(s) missing or invalid, please check the request parameters.");
        var model = root["model"]!.GetValue<string>();
        var input = root["input"] as JsonObject ?? new JsonObject();
        var parameters = root["parameters"] as JsonObject ?? new JsonObject();
        return path switch
        {
            EmbeddingPath => Embed(model, input, parameters, requestId, output, sameVector),
            RerankPath => Rerank(model, input, parameters, requestId, output),
            _ => TokenizeAnswer(input, requestId, output),
        };
    }

    /// <summary>The unit vector the simulator gives <paramref name="text"/> (dimension and text type change it).</summary>
    public static double[] Vector(string text, int dimension, string textType = "document")
    {
        var seed = BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(textType + "\n" + text)));
        var random = new Random(seed);
        var vector = new double[dimension];
        for (var i = 0; i < dimension; i++) vector[i] = random.NextDouble() * 2 - 1;
        var norm = Math.Sqrt(vector.Sum(v => v * v));
        for (var i = 0; i < dimension; i++) vector[i] /= norm;
        return vector;
    }

    /// <summary>Tokens as the simulated tokenizer splits them: CJK characters in pairs, words and numbers whole, other signs alone.</summary>
    public static List<string> Tokenize(string text) => TokenPattern().Matches(text).Select(m => m.Value).ToList();

    public static int TokenId(string token) => (int)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(token))) % 151_643);

    /// <summary>Relevance: the share of the query's distinct letters that the document contains, in [0.01, 0.99].</summary>
    public static double Score(string query, string document)
    {
        var wanted = query.Where(c => !char.IsWhiteSpace(c) && !char.IsPunctuation(c)).Distinct().ToList();
        if (wanted.Count == 0) return 0.01;
        var share = wanted.Count(document.Contains) / (double)wanted.Count;
        return Math.Round(0.01 + share * 0.98, 6);
    }

    /// <summary>Benchmark mode (samevector): one unit vector per dimension, formatted once, for every text.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, byte[]> SameVectors = new();

    private static byte[] SameVector(int dimension) => SameVectors.GetOrAdd(dimension, size =>
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var value in Vector("benchmark", size)) writer.WriteNumberValue((float)value);
            writer.WriteEndArray();
        }
        return buffer.ToArray();
    });

    private static (int, string, string)? Embed(string model, JsonObject input, JsonObject parameters, string requestId, IBufferWriter<byte> output, bool sameVector)
    {
        if (!model.StartsWith("text-embedding-v", StringComparison.Ordinal))
            return (400, "InvalidParameter", "Model not exist.");
        var modern = model is "text-embedding-v3" or "text-embedding-v4";
        if (input["texts"] is not JsonArray texts || texts.Any(t => t?.GetValueKind() != JsonValueKind.String))
            return (400, "InvalidParameter", "input.texts must be an array of strings.");
        var maxCount = modern ? 10 : 25;
        var maxLength = modern ? 8192 : 2048;
        if (texts.Count == 0 || texts.Count > maxCount)
            return (400, "InternalError.Algo.InvalidParameter", "Value error, batch size is invalid, it should not be larger than " + maxCount + ".: input.contents");
        var values = texts.Select(t => t!.GetValue<string>()).ToList();
        if (values.Any(t => t.Length == 0 || Tokenize(t).Count > maxLength))
            return (400, "InternalError.Algo.InvalidParameter", "Range of input length should be [1, " + maxLength + "]");

        var textType = parameters["text_type"]?.GetValue<string>() ?? "document";
        if (textType is not ("query" or "document"))
            return (400, "InvalidParameter", "text_type must be query or document.");
        var dimension = modern ? 1024 : 1536;
        if (parameters["dimension"] is { } dimensionNode)
        {
            var allowed = model == "text-embedding-v4" ? V4Dimensions : modern ? V3Dimensions : [];
            if (dimensionNode.GetValueKind() != JsonValueKind.Number || !allowed.Contains(dimensionNode.GetValue<int>()))
                return (400, "InvalidParameter", "dimension must be one of " + string.Join(", ", allowed) + " for " + model + ".");
            dimension = dimensionNode.GetValue<int>();
        }
        var outputType = parameters["output_type"]?.GetValue<string>() ?? "dense";
        if (outputType is not ("dense" or "sparse" or "dense&sparse"))
            return (400, "InvalidParameter", "output_type must be dense, sparse or dense&sparse.");

        // Written straight to UTF-8: a benchmark call carries ten vectors of up to 2,048 numbers.
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = sameVector }))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("output");
            writer.WriteStartArray("embeddings");
            for (var index = 0; index < values.Count; index++)
            {
                writer.WriteStartObject();
                if (outputType != "sparse")
                {
                    if (sameVector)
                    {
                        writer.WritePropertyName("embedding");
                        writer.WriteRawValue(SameVector(dimension), skipInputValidation: true);
                    }
                    else
                    {
                        writer.WriteStartArray("embedding");
                        foreach (var value in Vector(values[index], dimension, textType)) writer.WriteNumberValue((float)value);
                        writer.WriteEndArray();
                    }
                }
                if (outputType != "dense")
                {
                    var tokens = Tokenize(values[index]).Distinct().ToList();
                    writer.WriteStartArray("sparse_embedding");
                    foreach (var token in tokens)
                    {
                        writer.WriteStartObject();
                        writer.WriteNumber("index", TokenId(token));
                        writer.WriteNumber("value", Math.Round(1.0 / tokens.Count, 6));
                        writer.WriteString("token", token);
                        writer.WriteEndObject();
                    }
                    writer.WriteEndArray();
                }
                writer.WriteNumber("text_index", index);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteStartObject("usage");
            writer.WriteNumber("total_tokens", values.Sum(t => Tokenize(t).Count));
            writer.WriteEndObject();
            writer.WriteString("request_id", requestId);
            writer.WriteEndObject();
        }
        return null;
    }

    private static (int, string, string)? Rerank(string model, JsonObject input, JsonObject parameters, string requestId, IBufferWriter<byte> output)
    {
        if (!model.Contains("rerank", StringComparison.Ordinal)) return (400, "InvalidParameter", "Model not exist.");
        if (input["query"]?.GetValueKind() != JsonValueKind.String || input["query"]!.GetValue<string>().Length == 0)
            return (400, "InvalidParameter", "input.query is required.");
        if (input["documents"] is not JsonArray documents || documents.Count == 0 || documents.Any(d => d?.GetValueKind() != JsonValueKind.String))
            return (400, "InvalidParameter", "input.documents must be a non-empty array of strings.");
        if (documents.Count > 500) return (400, "InvalidParameter", "The number of documents should not be larger than 500.");
        var topN = parameters["top_n"]?.GetValue<int>() ?? documents.Count;
        if (topN < 1) return (400, "InvalidParameter", "top_n must be at least 1.");
        var returnDocuments = parameters["return_documents"]?.GetValue<bool>() ?? false;
        var query = input["query"]!.GetValue<string>();
        var texts = documents.Select(d => d!.GetValue<string>()).ToList();

        var ranked = texts.Select((text, index) => (text, index, score: Score(query, text)))
            .OrderByDescending(r => r.score).ThenBy(r => r.index).Take(topN);
        var results = new JsonArray();
        foreach (var (text, index, score) in ranked)
        {
            var item = new JsonObject();
            if (returnDocuments) item["document"] = new JsonObject { ["text"] = text };
            item["index"] = index;
            item["relevance_score"] = score;
            results.Add(item);
        }
        var answer = new JsonObject
        {
            ["output"] = new JsonObject { ["results"] = results },
            ["usage"] = new JsonObject { ["total_tokens"] = texts.Sum(t => Tokenize(query).Count + Tokenize(t).Count) },
            ["request_id"] = requestId,
        };
        using (var writer = new Utf8JsonWriter(output, Relaxed))
            answer.WriteTo(writer);
        return null;
    }

    private static (int, string, string)? TokenizeAnswer(JsonObject input, string requestId, IBufferWriter<byte> output)
    {
        string text;
        if (input["messages"] is JsonArray messages && messages.Count > 0)
            text = string.Concat(messages.Select(m => m?["content"]?.GetValue<string>() ?? ""));
        else if (input["prompt"]?.GetValueKind() == JsonValueKind.String)
            text = input["prompt"]!.GetValue<string>();
        else
            return (400, "InvalidParameter", "input.messages or input.prompt is required.");
        var tokens = Tokenize(text);
        var answer = new JsonObject
        {
            ["output"] = new JsonObject
            {
                ["token_ids"] = new JsonArray(tokens.Select(t => (JsonNode)JsonValue.Create(TokenId(t))).ToArray()),
                ["tokens"] = new JsonArray(tokens.Select(t => (JsonNode)JsonValue.Create(t)).ToArray()),
            },
            ["usage"] = new JsonObject { ["input_tokens"] = tokens.Count },
            ["request_id"] = requestId,
        };
        using (var writer = new Utf8JsonWriter(output, Relaxed))
            answer.WriteTo(writer);
        return null;
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}{1,2}|[\p{L}\p{N}-[\p{IsCJKUnifiedIdeographs}]]+|[^\s\p{L}\p{N}]")]
    private static partial Regex TokenPattern();
}
