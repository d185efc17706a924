using System;
using System.Collections.Generic;
using System.Text.Json;
using DashScope.Models;
using DashScope.Tasks;

namespace DashScope.Requests
{
    /// <summary>
    /// Batch text embeddings of a file (one text per line) at a URL: an async task on the embedding path
    /// (text-embedding-async-v1|v2). Sending it returns the PENDING task; once it succeeded,
    /// <see cref="ResultUrl"/> is where the gzipped results are (for 24 hours).
    /// </summary>
    public sealed class BatchEmbeddingRequest : ModelRequest<QwenTask>
    {
        public const string DefaultModel = "text-embedding-async-v2";

        private static readonly IDictionary<string, string> AsyncHeaders =
            new Dictionary<string, string> { [AsyncSubmission.AsyncHeader] = "enable" };

        public BatchEmbeddingRequest()
            : base(DefaultModel)
        {
        }

        public override string Path => EmbeddingRequest.EmbeddingPath;

        /// <summary>The service refuses this model synchronously.</summary>
        public override IDictionary<string, string>? Headers => AsyncHeaders;

        /// <summary>An http(s) URL of a UTF-8 text file, one text per line.</summary>
        public Uri? Url { get; set; }

        /// <summary>query or document (the service's default).</summary>
        public string? TextType { get; set; }

        public override void Validate()
        {
            base.Validate();
            if (Url == null || !Url.IsAbsoluteUri || (Url.Scheme != Uri.UriSchemeHttp && Url.Scheme != Uri.UriSchemeHttps))
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "Batch embeddings need the http(s) URL of a file with one text per line.");
            if (TextType != null && TextType != "query" && TextType != "document")
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "The text type must be query or document, not '" + TextType + "'.");
        }

        protected override void WriteInput(Utf8JsonWriter writer) => writer.WriteString("url", Url!.AbsoluteUri);

        protected override void WriteParameters(ParameterWriter parameters) => parameters.Write("text_type", TextType);

        public override QwenTask Decode(JsonElement root, string? requestId) => QwenTaskDecoder.DecodeSubmitted(root, requestId, Path);

        /// <summary>output.url of a succeeded batch-embedding task, or null.</summary>
        public static Uri? ResultUrl(QwenTask task) =>
            task != null && task.Output.TryGetValue("url", out var value) && value is string text && Uri.TryCreate(text, UriKind.Absolute, out var url) ? url : null;
    }
}
