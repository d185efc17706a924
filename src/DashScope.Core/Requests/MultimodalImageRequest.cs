using System;
using System.Collections.Generic;
using System.Text.Json;
using DashScope.Json;
using DashScope.Models;
using DashScope.Streaming;

namespace DashScope.Requests
{
    /// <summary>
    /// Pictures from the qwen-image family, answered at once on the multimodal endpoint: POST
    /// services/aigc/multimodal-generation/generation with the prompt as a user message's text part; the answer's
    /// content parts carry the image URLs.
    /// </summary>
    public sealed class MultimodalImageRequest : CreationRequest<IReadOnlyList<QwenImage>>
    {
        public MultimodalImageRequest(string model)
            : base(model)
        {
        }

        public override string Path => ChatRequestBuilder.MultimodalGenerationPath;

        /// <summary>n: qwen-image makes one picture per call. Sizes: 1328*1328 (the default), 1664*928, 928*1664, 1472*1140, 1140*1472.</summary>
        public int? Count { get; set; }

        protected override string Made => "picture";

        protected override void WriteInput(Utf8JsonWriter writer)
        {
            writer.WriteStartArray("messages");
            writer.WriteStartObject();
            writer.WriteString("role", "user");
            writer.WriteStartArray("content");
            writer.WriteStartObject();
            writer.WriteString("text", Prompt);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        protected override void WriteParameters(ParameterWriter parameters)
        {
            parameters.Write("negative_prompt", NegativePrompt);
            parameters.Write("n", Count);
            WriteCreationParameters(parameters);
        }

        public override IReadOnlyList<QwenImage> Decode(JsonElement root, string? requestId)
        {
            var usage = root.TryGet("usage", out var usageElement) && usageElement.ValueKind == JsonValueKind.Object
                ? GenerationChunkDecoder.ReadUsage(usageElement)
                : null;
            int? width = null, height = null;
            if (usageElement.ValueKind == JsonValueKind.Object)
            {
                width = usageElement.GetIntOrNull("width");
                height = usageElement.GetIntOrNull("height");
            }
            var images = new List<QwenImage>();
            if (root.TryGet("output", out var output) && output.TryGet("choices", out var choices) && choices.ValueKind == JsonValueKind.Array)
            {
                foreach (var choice in choices.EnumerateArray())
                {
                    if (!choice.TryGet("message", out var message) || !message.TryGet("content", out var content) || content.ValueKind != JsonValueKind.Array) continue;
                    foreach (var part in content.EnumerateArray())
                    {
                        if (!(part.GetStringOrNull("image") is string url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri)) continue;
                        images.Add(new QwenImage
                        {
                            Index = images.Count + 1,
                            Url = uri,
                            Prompt = Prompt,
                            OriginalPrompt = Prompt,
                            Model = Model,
                            RequestId = requestId,
                            Width = width,
                            Height = height,
                            Usage = usage,
                        });
                    }
                }
            }
            if (images.Count == 0)
                throw new DashScopeException(DashScopeErrorKind.Protocol,
                    "DashScope answered the picture request without a picture (request id " + (requestId ?? "none") + ").");
            return images;
        }
    }
}
