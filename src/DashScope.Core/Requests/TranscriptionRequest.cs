using System;
using System.Collections.Generic;
using System.Text.Json;
using DashScope.Catalog;
using DashScope.Models;
using DashScope.Tasks;

namespace DashScope.Requests
{
    /// <summary>
    /// File transcription of long audio, an async task: POST services/audio/asr/transcription with X-DashScope-Async:
    /// enable (and X-DashScope-OssResourceResolve for temporary uploads). Paraformer and Fun-ASR take input.file_urls,
    /// qwen3-asr-flash-filetrans one input.file_url (the catalog says which). The finished task names a transcript JSON
    /// per file; <see cref="Client.TranscriptionClient"/> reads them.
    /// </summary>
    public sealed class TranscriptionRequest : ModelRequest<QwenTask>
    {
        public const string TranscriptionPath = "services/audio/asr/transcription";

        public TranscriptionRequest(string model)
            : base(model)
        {
        }

        public override string Path => TranscriptionPath;

        public override IDictionary<string, string>? Headers
        {
            get
            {
                var oss = false;
                foreach (var url in FileUrls) oss |= ServiceHeaders.IsOss(url);
                return ServiceHeaders.ForTask(oss);
            }
        }

        /// <summary>The audio files: http(s) URLs, or oss:// URLs of temporary uploads.</summary>
        public IList<string> FileUrls { get; set; } = new List<string>();

        /// <summary>Languages to expect (language_hints), e.g. zh, en.</summary>
        public IList<string>? LanguageHints { get; set; }

        /// <summary>Tell speakers apart (diarization_enabled; mono audio).</summary>
        public bool? Diarization { get; set; }

        /// <summary>How many speakers to expect (speaker_count, 2 to 100), with diarization.</summary>
        public int? SpeakerCount { get; set; }

        /// <summary>The audio channels to transcribe (channel_id; the service's default: [0]).</summary>
        public IList<int>? Channels { get; set; }

        /// <summary>True when the model takes a single file_url (qwen3-asr-flash-filetrans) rather than file_urls.</summary>
        public bool SingleFile => string.Equals(ModelCatalog.Default.Find(Model).Default("fileInput"), "file_url", StringComparison.Ordinal);

        public override void Validate()
        {
            base.Validate();
            if (FileUrls == null || FileUrls.Count == 0)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "No audio file URL was given to transcribe.");
            if (SingleFile && FileUrls.Count > 1)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, Model + " transcribes one file per task.");
            foreach (var url in FileUrls)
            {
                var usable = !string.IsNullOrEmpty(url) && (ServiceHeaders.IsOss(url) ||
                             (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)));
                if (!usable)
                    throw new DashScopeException(DashScopeErrorKind.InvalidInput, "File transcription reads audio from http(s) or oss:// URLs, not '" + url + "'.");
            }
            if (SpeakerCount.HasValue && (SpeakerCount.Value < 2 || SpeakerCount.Value > 100))
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "The speaker count must be 2 to 100.");
        }

        protected override void WriteInput(Utf8JsonWriter writer)
        {
            if (SingleFile)
            {
                writer.WriteString("file_url", FileUrls[0]);
                return;
            }
            writer.WriteStartArray("file_urls");
            foreach (var url in FileUrls) writer.WriteStringValue(url);
            writer.WriteEndArray();
        }

        protected override void WriteParameters(ParameterWriter parameters)
        {
            parameters.WriteValue("channel_id", Channels);
            parameters.WriteValue("language_hints", LanguageHints);
            parameters.Write("diarization_enabled", Diarization);
            parameters.Write("speaker_count", SpeakerCount);
        }

        public override QwenTask Decode(JsonElement root, string? requestId) => QwenTaskDecoder.DecodeSubmitted(root, requestId, Path, Model);
    }
}
