namespace DashScope.Requests
{
    /// <summary>asr_options: {"language": "zh", "enable_itn": true, "enable_lid": true}.</summary>
    public sealed class AsrOptions
    {
        /// <summary>The language of the audio when known (zh, en, ja, ...); null lets the model detect it.</summary>
        public string? Language { get; set; }

        /// <summary>Inverse text normalisation (numbers as digits; Chinese and English).</summary>
        public bool? EnableItn { get; set; }

        /// <summary>Report the detected language.</summary>
        public bool? EnableLid { get; set; }

        public bool IsEmpty => Language == null && !EnableItn.HasValue && !EnableLid.HasValue;
    }
}
