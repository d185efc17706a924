using System.Collections.Generic;
using System.Text.Json;
using DashScope.Json;

namespace DashScope.Requests
{
    /// <summary>
    /// CosyVoice over HTTP: POST services/audio/tts/SpeechSynthesizer with everything in input (text, voice, format,
    /// sample_rate, volume, rate, pitch). The answer names the audio file in the asked format; streamed, the pieces are
    /// that format's bytes (a WAV file is streamed as PCM and given its header here, so pieces never carry headers).
    /// </summary>
    public sealed class CosyVoiceRequest : SpeechRequest
    {
        public const string SynthesizerPath = "services/audio/tts/SpeechSynthesizer";

        private static readonly string[] FileFormats = { "wav", "mp3", "pcm" };

        public CosyVoiceRequest(string model)
            : base(model)
        {
        }

        public override string Path => SynthesizerPath;

        /// <summary>Loudness, 0 to 100 (the service's default: 50).</summary>
        public int? Volume { get; set; }

        /// <summary>Speed, 0.5 to 2.0 (1.0 is normal).</summary>
        public double? Rate { get; set; }

        /// <summary>Pitch, 0.5 to 2.0 (1.0 is normal).</summary>
        public double? Pitch { get; set; }

        public override IReadOnlyList<string> Formats => FileFormats;

        public override bool StreamsPcm => Format == "wav" || Format == "pcm";

        /// <summary>What the service is asked for: a streamed WAV file comes as PCM.</summary>
        public string WireFormat => Stream && Format == "wav" ? "pcm" : Format;

        public override void WriteBody(Utf8JsonWriter writer)
        {
            var extra = AdditionalParameters ?? new Dictionary<string, object?>();
            writer.WriteStartObject();
            writer.WriteString("model", Model);
            writer.WriteStartObject("input");
            writer.WriteString("text", Text);
            writer.WriteString("voice", Voice);
            if (!extra.ContainsKey("format")) writer.WriteString("format", WireFormat);
            if (!extra.ContainsKey("sample_rate")) writer.WriteNumber("sample_rate", SampleRate);
            if (Volume.HasValue && !extra.ContainsKey("volume")) writer.WriteNumber("volume", Volume.Value);
            if (Rate.HasValue && !extra.ContainsKey("rate")) writer.WriteNumber("rate", Rate.Value);
            if (Pitch.HasValue && !extra.ContainsKey("pitch")) writer.WriteNumber("pitch", Pitch.Value);
            foreach (var pair in extra)
            {
                writer.WritePropertyName(pair.Key);
                JsonValueWriter.Write(writer, pair.Value);
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
    }
}
