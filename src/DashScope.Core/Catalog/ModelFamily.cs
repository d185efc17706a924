using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace DashScope.Catalog
{
    /// <summary>One family of models as the catalog describes it: where it is served, what it takes and gives, limits and defaults.</summary>
    public sealed class ModelFamily
    {
        private Regex[]? _patterns;

        /// <summary>The family's name (qwen3.5, qwen-vl, text-embedding, ...).</summary>
        public string Family { get; internal set; } = string.Empty;

        /// <summary>chat, vision, ocr, asr, audio, omni, translation, research, image, video, speech, transcription, embedding or rerank.</summary>
        public string Kind { get; internal set; } = "chat";

        public ModelEndpoint Endpoint { get; internal set; } = ModelEndpoint.Text;

        public ModelProtocol Protocol { get; internal set; } = ModelProtocol.Native;

        /// <summary>The family answers only streamed: a whole answer is read from a stream.</summary>
        public bool StreamOnly { get; internal set; }

        public ThinkingMode Thinking { get; internal set; } = ThinkingMode.None;

        /// <summary>Hybrid families that think unless enable_thinking is false (the open-source Qwen3, Qwen3.5).</summary>
        public bool ThinkingByDefault { get; internal set; }

        /// <summary>The family takes reasoning_effort.</summary>
        public bool ReasoningEffort { get; internal set; }

        /// <summary>What it takes: text, image, video, audio.</summary>
        public IReadOnlyList<string> Input { get; internal set; } = new[] { "text" };

        /// <summary>What it gives: text, audio, image, video, embedding, score.</summary>
        public IReadOnlyList<string> Output { get; internal set; } = new[] { "text" };

        public bool Search { get; internal set; }
        public bool Tools { get; internal set; }
        public bool Choices { get; internal set; }
        public bool LogProbabilities { get; internal set; }
        public bool CodeInterpreter { get; internal set; }
        public bool Documents { get; internal set; }

        /// <summary>Embeddings: the most texts per call.</summary>
        public int? BatchSize { get; internal set; }

        /// <summary>The most tokens one input may have, when the family has a per-input limit.</summary>
        public int? MaxInputTokens { get; internal set; }

        /// <summary>Embeddings: the vector sizes it can give, the default first among equals as the service documents it.</summary>
        public IReadOnlyList<int> Dimensions { get; internal set; } = new int[0];

        /// <summary>Speech recognition: the longest audio (seconds) and largest file (bytes) one synchronous call takes.</summary>
        public int? MaxAudioSeconds { get; internal set; }
        public long? MaxAudioBytes { get; internal set; }

        /// <summary>Voices to suggest (speech output).</summary>
        public IReadOnlyList<string> Voices { get; internal set; } = new string[0];

        /// <summary>Languages to suggest (speech output: the language_type values).</summary>
        public IReadOnlyList<string> Languages { get; internal set; } = new string[0];

        /// <summary>Picture or video sizes ("W*H") to suggest, the default first.</summary>
        public IReadOnlyList<string> Sizes { get; internal set; } = new string[0];

        /// <summary>Video resolutions (480P, 720P, 1080P) to suggest.</summary>
        public IReadOnlyList<string> Resolutions { get; internal set; } = new string[0];

        /// <summary>Images: the most pictures one request makes (n).</summary>
        public int? MaxImages { get; internal set; }

        /// <summary>Rerank: the most documents one call ranks.</summary>
        public int? MaxDocuments { get; internal set; }

        /// <summary>Embeddings and rerank: the family takes a task instruction (instruct).</summary>
        public bool Instruct { get; internal set; }

        /// <summary>Model names the family is known by, most useful first.</summary>
        public IReadOnlyList<string> Models { get; internal set; } = new string[0];

        /// <summary>Name patterns for models not listed (* any text, ? one character, [5-9] a range).</summary>
        public IReadOnlyList<string> Patterns { get; internal set; } = new string[0];

        /// <summary>Default request values (e.g. the model a cmdlet uses when none is given).</summary>
        public IReadOnlyDictionary<string, object?> Defaults { get; internal set; } = new Dictionary<string, object?>();

        /// <summary>A default as text (a model name, a voice), or null when the family has none.</summary>
        public string? Default(string name) => Defaults.TryGetValue(name, out var value) ? value as string : null;

        /// <summary>
        /// The voice <paramref name="model"/> speaks with when none is asked for: the voiceByModel default whose name
        /// prefix is the longest the model starts with (the omni models differ), else the family's voice default.
        /// </summary>
        public string? DefaultVoice(string model)
        {
            string? voice = null;
            var matched = -1;
            if (Defaults.TryGetValue("voiceByModel", out var byModel) && byModel is IDictionary<string, object?> voices)
            {
                foreach (var pair in voices)
                {
                    if (pair.Key.Length > matched && pair.Value is string name && (model ?? string.Empty).StartsWith(pair.Key, StringComparison.OrdinalIgnoreCase))
                    {
                        voice = name;
                        matched = pair.Key.Length;
                    }
                }
            }
            return voice ?? Default("voice");
        }

        /// <summary>True when a chat with the family's models can answer in speech as well as text (the omni models).</summary>
        public bool Speaks => Gives("audio") && Gives("text");

        /// <summary>The sample rate of the family's PCM audio (sampleRate default), or null.</summary>
        public int? SampleRate => Defaults.TryGetValue("sampleRate", out var rate) && rate is long hertz ? (int)hertz : (int?)null;

        /// <summary>True when the family takes <paramref name="input"/> (text, image, video, audio).</summary>
        public bool Takes(string input) => Input.Contains(input, StringComparer.OrdinalIgnoreCase);

        /// <summary>True when the family gives <paramref name="output"/>.</summary>
        public bool Gives(string output) => Output.Contains(output, StringComparer.OrdinalIgnoreCase);

        internal bool Lists(string model) => Models.Contains(model, StringComparer.OrdinalIgnoreCase);

        internal bool Matches(string model)
        {
            if (_patterns == null)
                _patterns = Patterns.Select(pattern => new Regex("^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".").Replace("\\[", "[") + "$",
                    RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)).ToArray();
            return _patterns.Any(pattern => pattern.IsMatch(model));
        }

        public override string ToString() => Family;
    }
}
