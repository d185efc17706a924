using System.Collections.Generic;
using System.Text.Json;
using DashScope.Json;

namespace DashScope.Requests
{
    /// <summary>
    /// Qwen-TTS: POST services/aigc/multimodal-generation/generation with a flat input (text, voice, language_type), no
    /// messages. The answer names a WAV file (24 kHz); streamed, the pieces are raw PCM (16-bit mono, 24 kHz).
    /// </summary>
    public sealed class QwenTtsRequest : SpeechRequest
    {
        private static readonly string[] FileFormats = { "wav" };

        public QwenTtsRequest(string model)
            : base(model)
        {
        }

        public override string Path => ChatRequestBuilder.MultimodalGenerationPath;

        /// <summary>The language of the text (language_type): Auto, Chinese, English, ...</summary>
        public string? Language { get; set; }

        /// <summary>How to speak (parameters.instructions), for the instruct models.</summary>
        public string? Instructions { get; set; }

        public override IReadOnlyList<string> Formats => FileFormats;

        public override bool StreamsPcm => true;

        public override void WriteBody(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            writer.WriteString("model", Model);
            writer.WriteStartObject("input");
            writer.WriteString("text", Text);
            writer.WriteString("voice", Voice);
            if (!string.IsNullOrEmpty(Language)) writer.WriteString("language_type", Language);
            writer.WriteEndObject();
            var extra = AdditionalParameters ?? new Dictionary<string, object?>();
            if (Instructions != null || extra.Count > 0)
            {
                writer.WriteStartObject("parameters");
                if (Instructions != null && !extra.ContainsKey("instructions")) writer.WriteString("instructions", Instructions);
                foreach (var pair in extra)
                {
                    writer.WritePropertyName(pair.Key);
                    JsonValueWriter.Write(writer, pair.Value);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
    }
}
