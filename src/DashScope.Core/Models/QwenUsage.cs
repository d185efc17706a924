using System.Collections.Generic;
using System.Text;

namespace DashScope.Models
{
    /// <summary>
    /// Token (or audio-second) counts of one call. Streams report usage cumulatively, so the last
    /// event's usage is the call's. Fields a model family does not report stay null; everything the
    /// service sent is also kept, as nested dictionaries, in <see cref="Details"/>.
    /// </summary>
    public sealed class QwenUsage
    {
        public int? InputTokens { get; set; }
        public int? OutputTokens { get; set; }
        public int? TotalTokens { get; set; }
        public int? ReasoningTokens { get; set; }
        public int? CachedTokens { get; set; }
        public int? ImageTokens { get; set; }
        public int? VideoTokens { get; set; }
        public int? AudioTokens { get; set; }

        /// <summary>Omni models: the tokens of the spoken answer (completion_tokens_details.audio_tokens).</summary>
        public int? OutputAudioTokens { get; set; }

        /// <summary>Omni models: the tokens of the written answer (completion_tokens_details.text_tokens).</summary>
        public int? OutputTextTokens { get; set; }

        /// <summary>Audio duration in seconds (speech recognition models report this instead of tokens).</summary>
        public double? Seconds { get; set; }

        /// <summary>The usage object exactly as the service sent it.</summary>
        public IDictionary<string, object?> Details { get; set; } = new Dictionary<string, object?>();

        public override string ToString()
        {
            var text = new StringBuilder();
            Append(text, "in", InputTokens);
            Append(text, "out", OutputTokens);
            Append(text, "total", TotalTokens);
            Append(text, "reasoning", ReasoningTokens);
            Append(text, "cached", CachedTokens);
            Append(text, "image", ImageTokens);
            Append(text, "video", VideoTokens);
            Append(text, "audio", AudioTokens);
            Append(text, "audio out", OutputAudioTokens);
            if (Seconds.HasValue) text.Append(text.Length == 0 ? "" : ", ").Append(Seconds.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(" s");
            if (text.Length > 0) return text.ToString();
            // Families that count other things (image_count, characters, duration): what the service sent.
            foreach (var pair in Details)
            {
                if (pair.Value is string || pair.Value is IDictionary<string, object?> || pair.Value is IList<object?>) continue;
                if (text.Length > 0) text.Append(", ");
                text.Append(pair.Key).Append(' ').Append(System.Convert.ToString(pair.Value, System.Globalization.CultureInfo.InvariantCulture));
            }
            return text.ToString();
        }

        private static void Append(StringBuilder text, string label, int? value)
        {
            if (!value.HasValue) return;
            if (text.Length > 0) text.Append(", ");
            text.Append(label).Append(' ').Append(value.Value);
        }
    }
}
