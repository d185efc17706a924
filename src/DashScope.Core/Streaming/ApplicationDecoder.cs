using System;
using System.Collections.Generic;
using System.Text.Json;
using DashScope.Json;
using DashScope.Models;

namespace DashScope.Streaming
{
    /// <summary>Decodes an application's answer (a JSON body or one SSE data line): text, session, thoughts, citations, usage per model.</summary>
    internal static class ApplicationDecoder
    {
        public static ApplicationChunk Decode(byte[] json)
        {
            try
            {
                using (var document = JsonDocument.Parse(Utf8Bom.Skip(new ReadOnlyMemory<byte>(json))))
                {
                    return Decode(document.RootElement);
                }
            }
            catch (Exception exception) when (exception is JsonException || exception is InvalidOperationException)
            {
                throw new DashScopeException(DashScopeErrorKind.Protocol, "DashScope sent an application answer that is not valid JSON: " + exception.Message, exception);
            }
        }

        private static ApplicationChunk Decode(JsonElement root)
        {
            var chunk = new ApplicationChunk { RequestId = root.GetStringOrNull("request_id") };
            var code = root.GetStringOrNull("code");
            if (!string.IsNullOrEmpty(code))
            {
                chunk.ErrorCode = code;
                chunk.ErrorMessage = root.GetStringOrNull("message");
                return chunk;
            }
            if (root.TryGet("output", out var output))
            {
                chunk.Text = output.GetStringOrNull("text");
                chunk.FinishReason = GenerationChunkDecoder.NormalizeFinishReason(output.GetStringOrNull("finish_reason"));
                chunk.SessionId = output.GetStringOrNull("session_id");
                if (output.TryGet("thoughts", out var thoughts) && thoughts.ValueKind == JsonValueKind.Array && thoughts.GetArrayLength() > 0)
                {
                    chunk.Thoughts = new List<QwenApplicationThought>();
                    foreach (var item in thoughts.EnumerateArray())
                    {
                        if (item.ValueKind != JsonValueKind.Object) continue;
                        chunk.Thoughts.Add(new QwenApplicationThought
                        {
                            ActionType = item.GetStringOrNull("action_type"),
                            ActionName = item.GetStringOrNull("action_name"),
                            Action = item.GetStringOrNull("action"),
                            Thought = item.GetStringOrNull("thought"),
                            Arguments = item.GetStringOrNull("arguments") ?? item.GetStringOrNull("action_input_stream") ?? Raw(item, "action_input"),
                            Observation = item.GetStringOrNull("observation"),
                            Response = item.GetStringOrNull("response"),
                        });
                    }
                }
                if (output.TryGet("doc_references", out var references) && references.ValueKind == JsonValueKind.Array && references.GetArrayLength() > 0)
                {
                    chunk.DocReferences = new List<QwenDocReference>();
                    foreach (var item in references.EnumerateArray())
                    {
                        if (item.ValueKind != JsonValueKind.Object) continue;
                        chunk.DocReferences.Add(new QwenDocReference
                        {
                            Index = item.GetStringOrNull("index_id"),
                            Title = item.GetStringOrNull("title"),
                            DocId = item.GetStringOrNull("doc_id"),
                            DocName = item.GetStringOrNull("doc_name"),
                            DocUrl = item.GetStringOrNull("doc_url"),
                            Text = item.GetStringOrNull("text"),
                        });
                    }
                }
                if (output.TryGet("workflow_message", out var workflow) && workflow.ValueKind == JsonValueKind.Object)
                    chunk.WorkflowMessage = workflow.ToPlainValue() as IDictionary<string, object?>;
            }
            if (root.TryGet("usage", out var usage) && usage.TryGet("models", out var models) && models.ValueKind == JsonValueKind.Array)
            {
                chunk.Usage = new List<QwenModelUsage>();
                foreach (var model in models.EnumerateArray())
                {
                    if (model.ValueKind != JsonValueKind.Object) continue;
                    chunk.Usage.Add(new QwenModelUsage
                    {
                        Model = model.GetStringOrNull("model_id"),
                        InputTokens = model.GetIntOrNull("input_tokens"),
                        OutputTokens = model.GetIntOrNull("output_tokens"),
                    });
                }
            }
            return chunk;
        }

        private static string? Raw(JsonElement item, string name) =>
            item.TryGet(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.GetRawText() : null;
    }
}
