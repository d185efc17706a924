using System.Collections.Generic;
using System.Text.Json;
using DashScope.Json;
using DashScope.Models;
using DashScope.Streaming;

namespace DashScope.Requests
{
    /// <summary>How a model tokenizes a conversation or a prompt: POST tokenizer (not under services/).</summary>
    public sealed class TokenizeRequest : ModelRequest<QwenTokenization>
    {
        public const string TokenizerPath = "tokenizer";
        public const string DefaultModel = "qwen-plus";

        public TokenizeRequest()
            : base(DefaultModel)
        {
        }

        public override string Path => TokenizerPath;

        /// <summary>The conversation to count (role and text of each message).</summary>
        public IList<QwenChatMessage>? Messages { get; set; }

        /// <summary>A plain text to count instead of messages.</summary>
        public string? Prompt { get; set; }

        public override void Validate()
        {
            base.Validate();
            var hasMessages = Messages != null && Messages.Count > 0;
            if (hasMessages && Prompt != null)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "Give messages or a prompt to tokenize, not both.");
            if (!hasMessages && Prompt == null)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "Give messages or a prompt to tokenize.");
            if (hasMessages)
            {
                foreach (var message in Messages!)
                {
                    if (!QwenChatMessage.IsKnownRole(message.Role))
                        throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                            "A message has the role '" + message.Role + "'. Use system, user, assistant or tool.");
                }
            }
        }

        protected override void WriteInput(Utf8JsonWriter writer)
        {
            if (Prompt != null)
            {
                writer.WriteString("prompt", Prompt);
                return;
            }
            writer.WriteStartArray("messages");
            foreach (var message in Messages!)
            {
                writer.WriteStartObject();
                writer.WriteString("role", message.Role);
                writer.WriteString("content", message.Content ?? string.Empty);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }

        protected override void WriteParameters(ParameterWriter parameters)
        {
            // No modelled parameters: the official clients send only extras such as seed.
        }

        public override QwenTokenization Decode(JsonElement root, string? requestId)
        {
            var ids = new List<int>();
            var tokens = new List<string>();
            if (root.TryGet("output", out var output))
            {
                if (output.TryGet("token_ids", out var idArray) && idArray.ValueKind == JsonValueKind.Array)
                {
                    foreach (var id in idArray.EnumerateArray()) ids.Add(id.GetInt32());
                }
                if (output.TryGet("tokens", out var tokenArray) && tokenArray.ValueKind == JsonValueKind.Array)
                {
                    foreach (var token in tokenArray.EnumerateArray()) tokens.Add(token.GetString() ?? string.Empty);
                }
            }
            var usage = root.TryGet("usage", out var usageElement) && usageElement.ValueKind == JsonValueKind.Object
                ? GenerationChunkDecoder.ReadUsage(usageElement)
                : null;
            return new QwenTokenization
            {
                Model = Model,
                TokenIds = ids.ToArray(),
                Tokens = tokens,
                Count = usage?.InputTokens ?? ids.Count,
                Usage = usage,
                RequestId = requestId,
            };
        }
    }
}
