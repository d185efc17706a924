using System;
using System.Text.Json;
using DashScope.Catalog;
using DashScope.Client;
using DashScope.Models;

namespace DashScope.Batches
{
    /// <summary>
    /// POST {compatible base}/batches: a batch of an uploaded input file, with ds_name, ds_description and
    /// ds_batch_finish_callback metadata.
    /// </summary>
    internal sealed class CreateBatchRequest : ServiceRequest<QwenBatch>
    {
        public string InputFileId { get; set; } = string.Empty;

        /// <summary>The url of every line of the input file.</summary>
        public string Endpoint { get; set; } = string.Empty;

        public string CompletionWindow { get; set; } = BatchClient.DefaultCompletionWindow;

        public string? Name { get; set; }

        public string? Description { get; set; }

        public Uri? CallbackUri { get; set; }

        public override string Path => "batches";

        public override ModelProtocol Protocol => ModelProtocol.Compatible;

        public override void Validate()
        {
            if (string.IsNullOrWhiteSpace(InputFileId))
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "No input file id was given.");
            BatchClient.CheckOptions(new BatchOptions { Name = Name, Description = Description, CallbackUri = CallbackUri, CompletionWindow = CompletionWindow });
        }

        public override void WriteBody(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            writer.WriteString("input_file_id", InputFileId);
            writer.WriteString("endpoint", Endpoint);
            writer.WriteString("completion_window", CompletionWindow);
            if (!string.IsNullOrEmpty(Name) || !string.IsNullOrEmpty(Description) || CallbackUri != null)
            {
                writer.WriteStartObject("metadata");
                if (!string.IsNullOrEmpty(Name)) writer.WriteString("ds_name", Name);
                if (!string.IsNullOrEmpty(Description)) writer.WriteString("ds_description", Description);
                if (CallbackUri != null) writer.WriteString("ds_batch_finish_callback", CallbackUri.OriginalString);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }

        public override QwenBatch Decode(JsonElement root, string? requestId) => QwenBatchDecoder.Decode(root, requestId);
    }
}
