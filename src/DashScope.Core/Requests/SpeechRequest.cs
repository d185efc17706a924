using System;
using System.Collections.Generic;
using System.Text.Json;
using DashScope.Client;
using DashScope.Json;
using DashScope.Streaming;

namespace DashScope.Requests
{
    /// <summary>
    /// Speech from text over HTTP (Qwen-TTS, CosyVoice): the text and voice, the file format wanted, and how the answer
    /// reads. With <see cref="Stream"/> the service sends the audio in pieces as it is made (X-DashScope-SSE), else one
    /// answer with the URL of the whole audio. <see cref="SpeechClient"/> sends it and saves the audio.
    /// </summary>
    public abstract class SpeechRequest : ServiceRequest<SpeechAnswer>
    {
        protected SpeechRequest(string model)
        {
            Model = model;
        }

        public string Model { get; set; }

        public string Text { get; set; } = string.Empty;

        public string? Voice { get; set; }

        /// <summary>The format of the file to save: wav, mp3 or pcm.</summary>
        public string Format { get; set; } = "wav";

        /// <summary>Samples per second of pcm and wav audio.</summary>
        public int SampleRate { get; set; } = 24000;

        /// <summary>Ask for the audio in pieces as it is made.</summary>
        public bool Stream { get; set; }

        /// <summary>Members the request has no property for, sent as given (plain .NET values).</summary>
        public IDictionary<string, object?> AdditionalParameters { get; set; } = new Dictionary<string, object?>();

        /// <summary>The formats this family saves.</summary>
        public abstract IReadOnlyList<string> Formats { get; }

        /// <summary>True when the pieces of a stream are raw PCM (16-bit mono at <see cref="SampleRate"/>), wrapped into a WAV file when <see cref="Format"/> is wav.</summary>
        public abstract bool StreamsPcm { get; }

        public override void Validate()
        {
            if (string.IsNullOrWhiteSpace(Model))
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "No model was given.");
            if (string.IsNullOrWhiteSpace(Text))
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "No text was given to speak.");
            if (string.IsNullOrWhiteSpace(Voice))
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "No voice was given.");
            if (!Contains(Formats, Format))
                throw new DashScopeException(DashScopeErrorKind.InvalidInput,
                    Model + " makes " + string.Join(", ", Formats) + " audio, not " + Format + ": choose a file name with one of those extensions.");
        }

        /// <summary>The answer, or one event of the stream: output.audio {data, url, id}, output.finish_reason, usage.characters.</summary>
        public override SpeechAnswer Decode(JsonElement root, string? requestId)
        {
            var answer = new SpeechAnswer { RequestId = requestId };
            if (root.TryGet("output", out var output) && output.ValueKind == JsonValueKind.Object)
            {
                answer.Finished = string.Equals(output.GetStringOrNull("finish_reason"), "stop", StringComparison.Ordinal);
                if (output.TryGet("audio", out var audio) && audio.ValueKind == JsonValueKind.Object)
                {
                    var data = audio.GetStringOrNull("data");
                    if (!string.IsNullOrEmpty(data)) answer.Data = Convert.FromBase64String(data);
                    if (audio.GetStringOrNull("url") is string url && Uri.TryCreate(url, UriKind.Absolute, out var uri)) answer.Url = uri;
                    answer.AudioId = audio.GetStringOrNull("id");
                }
            }
            if (root.TryGet("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                answer.Usage = GenerationChunkDecoder.ReadUsage(usage);
                answer.Characters = usage.GetIntOrNull("characters");
            }
            return answer;
        }

        protected static bool Contains(IReadOnlyList<string> values, string? value)
        {
            foreach (var item in values)
            {
                if (string.Equals(item, value, StringComparison.OrdinalIgnoreCase)) return true;
            }
            return false;
        }
    }
}
