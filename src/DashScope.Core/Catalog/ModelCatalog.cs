using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using DashScope.Json;

namespace DashScope.Catalog
{
    /// <summary>
    /// The model catalog: families of DashScope models, read from data shipped in the module (Catalog/models.json).
    /// Finds the family of any model name, listed or not, and remembers per session an endpoint the service
    /// corrected ("url error").
    /// </summary>
    public sealed class ModelCatalog
    {
        private const string ResourceName = "DashScope.Catalog.models.json";
        private static readonly Lazy<ModelCatalog> Shipped = new Lazy<ModelCatalog>(LoadShipped);

        private readonly List<ModelFamily> _families;
        private readonly ConcurrentDictionary<string, ModelFamily> _byName = new ConcurrentDictionary<string, ModelFamily>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, ModelEndpoint> _learned = new ConcurrentDictionary<string, ModelEndpoint>(StringComparer.OrdinalIgnoreCase);

        private ModelCatalog(List<ModelFamily> families)
        {
            _families = families;
        }

        /// <summary>The catalog shipped with the module.</summary>
        public static ModelCatalog Default => Shipped.Value;

        public IReadOnlyList<ModelFamily> Families => _families;

        /// <summary>The family of <paramref name="model"/>: the one listing it, else the first whose pattern matches.</summary>
        public ModelFamily Find(string? model)
        {
            var name = (model ?? string.Empty).Trim();
            return _byName.GetOrAdd(name, key =>
                _families.FirstOrDefault(family => family.Lists(key)) ??
                _families.FirstOrDefault(family => family.Matches(key)) ??
                _families[_families.Count - 1]);
        }

        /// <summary>The listed model names of the families of these kinds (all kinds when none is given), in catalog order.</summary>
        public IEnumerable<string> ModelNames(params string[] kinds) =>
            _families.Where(family => kinds.Length == 0 || kinds.Contains(family.Kind, StringComparer.OrdinalIgnoreCase))
                .SelectMany(family => family.Models).Distinct(StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// The model a command of this kind uses when none is given: the "model" default of the first family of the kind
        /// (and, when given, taking <paramref name="input"/>) that names one, else the first model listed for them.
        /// </summary>
        public string DefaultModel(string kind, string? input = null)
        {
            var families = _families.Where(family => string.Equals(family.Kind, kind, StringComparison.OrdinalIgnoreCase) &&
                                                     (input == null || family.Takes(input))).ToList();
            var model = families.Select(family => family.Default("model")).FirstOrDefault(name => !string.IsNullOrEmpty(name)) ??
                        families.SelectMany(family => family.Models).FirstOrDefault();
            return model ?? throw new InvalidOperationException("The model catalog has no model of the kind " + kind + (input == null ? "" : " taking " + input) + ".");
        }

        /// <summary>Where to send a generation call for <paramref name="model"/>: what the service taught this session, else the catalog.</summary>
        public ModelEndpoint GenerationEndpoint(string model)
        {
            if (_learned.TryGetValue(model, out var learned)) return learned;
            return Find(model).Endpoint == ModelEndpoint.Multimodal ? ModelEndpoint.Multimodal : ModelEndpoint.Text;
        }

        /// <summary>Remembers, for the rest of the session, that <paramref name="model"/> is served on <paramref name="endpoint"/>.</summary>
        public void Learn(string model, ModelEndpoint endpoint) => _learned[model] = endpoint;

        /// <summary>Reads a catalog from its JSON text (the shipped one, or another for tests).</summary>
        public static ModelCatalog Parse(string json)
        {
            using (var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }))
            {
                var families = new List<ModelFamily>();
                if (!document.RootElement.TryGet("families", out var list) || list.ValueKind != JsonValueKind.Array)
                    throw new InvalidDataException("The model catalog has no families array.");
                foreach (var item in list.EnumerateArray()) families.Add(ReadFamily(item));
                if (families.Count == 0) throw new InvalidDataException("The model catalog lists no family.");
                return new ModelCatalog(families);
            }
        }

        private static ModelCatalog LoadShipped()
        {
            using (var stream = typeof(ModelCatalog).Assembly.GetManifestResourceStream(ResourceName))
            {
                if (stream == null) throw new InvalidOperationException("The module's model catalog (" + ResourceName + ") is missing.");
                using (var reader = new StreamReader(stream)) return Parse(reader.ReadToEnd());
            }
        }

        private static ModelFamily ReadFamily(JsonElement item)
        {
            var family = new ModelFamily
            {
                Family = item.GetStringOrNull("family") ?? throw new InvalidDataException("A model family has no name."),
                Kind = item.GetStringOrNull("kind") ?? "chat",
                Endpoint = Enum<ModelEndpoint>(item.GetStringOrNull("endpoint"), ModelEndpoint.Text),
                Protocol = Enum<ModelProtocol>(item.GetStringOrNull("protocol"), ModelProtocol.Native),
                StreamOnly = Flag(item, "streamOnly"),
                Thinking = Enum<ThinkingMode>(item.GetStringOrNull("thinking"), ThinkingMode.None),
                ThinkingByDefault = Flag(item, "thinkingDefault"),
                ReasoningEffort = Flag(item, "reasoningEffort"),
                Search = Flag(item, "search"),
                Tools = Flag(item, "tools"),
                Choices = Flag(item, "choices"),
                LogProbabilities = Flag(item, "logprobs"),
                CodeInterpreter = Flag(item, "codeInterpreter"),
                Documents = Flag(item, "documents"),
                BatchSize = item.GetIntOrNull("batchSize"),
                MaxInputTokens = item.GetIntOrNull("maxInputTokens"),
                MaxAudioSeconds = item.GetIntOrNull("maxAudioSeconds"),
                MaxAudioBytes = item.TryGet("maxAudioBytes", out var bytes) && bytes.ValueKind == JsonValueKind.Number ? bytes.GetInt64() : (long?)null,
                Input = Strings(item, "input", "text"),
                Output = Strings(item, "output", "text"),
                Voices = Strings(item, "voices"),
                Languages = Strings(item, "languages"),
                Sizes = Strings(item, "sizes"),
                Resolutions = Strings(item, "resolutions"),
                MaxImages = item.GetIntOrNull("maxImages"),
                MaxDocuments = item.GetIntOrNull("maxDocuments"),
                Instruct = Flag(item, "instruct"),
                Models = Strings(item, "models"),
                Patterns = Strings(item, "patterns"),
            };
            if (item.TryGet("dimensions", out var dimensions) && dimensions.ValueKind == JsonValueKind.Array)
                family.Dimensions = dimensions.EnumerateArray().Where(d => d.ValueKind == JsonValueKind.Number).Select(d => d.GetInt32()).ToArray();
            if (item.TryGet("defaults", out var defaults) && defaults.ToPlainValue() is IDictionary<string, object?> values)
                family.Defaults = new Dictionary<string, object?>(values);
            return family;
        }

        private static bool Flag(JsonElement item, string name) => item.TryGet(name, out var value) && value.ValueKind == JsonValueKind.True;

        private static IReadOnlyList<string> Strings(JsonElement item, string name, params string[] fallback)
        {
            if (!item.TryGet(name, out var value) || value.ValueKind != JsonValueKind.Array) return fallback;
            return value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToArray();
        }

        private static T Enum<T>(string? text, T fallback) where T : struct =>
            text != null && System.Enum.TryParse<T>(text, ignoreCase: true, out var value) ? value : fallback;
    }
}
