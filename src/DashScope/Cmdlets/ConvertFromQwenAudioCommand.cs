using System;
using System.Collections.Generic;
using System.Management.Automation;
using DashScope.Completion;
using DashScope.Media;
using DashScope.Models;
using DashScope.Requests;

namespace DashScope.Cmdlets
{
    /// <summary>Transcribes audio files with a Qwen speech model, or answers a question about them.</summary>
    /// <remarks>
    /// <para>
    /// ConvertFrom-QwenAudio sends each audio file or URL to a Qwen speech recognition model (default qwen3-asr-flash)
    /// and writes one QwenTranscript per audio: File, Text (the transcript), Language and Emotion (from the model's
    /// audio_info), Seconds (the audio's length), RequestId, Model, Path, Usage and Duration. The object is flat, so
    /// Get-ChildItem *.mp3 | ConvertFrom-QwenAudio | Export-Csv transcripts.csv writes one row per file.
    /// </para>
    /// <para>
    /// SPEECH RECOGNITION. -Language names the language when it is known (zh, en, ja, yue, ...; leave it out for mixed
    /// audio); -EnableItn turns spoken numbers into digits (Chinese and English); -EnableLid asks for language
    /// identification; -Context gives the model background text (names, terms) to recognise better: it is sent as the
    /// system message. These map to the request's asr_options.
    /// </para>
    /// <para>
    /// AUDIO UNDERSTANDING. With -Prompt the question is asked about the audio and Text holds the answer. A speech
    /// recognition model ignores questions, so with -Prompt and no -Model the cmdlet uses qwen-audio-turbo; other
    /// audio models (qwen2-audio-instruct, qwen3-omni-30b-a3b-captioner) work with -Model. -Context is their system
    /// message.
    /// </para>
    /// <para>
    /// INPUT. -Path (the first argument, or piped strings) takes paths with wildcards and http(s), oss:// or data:
    /// URLs; files piped from Get-ChildItem bind to -LiteralPath by their PSPath. Relative paths resolve against the
    /// current PowerShell location. Local files are sent inline as a data: URI when small (up to 10 MB encoded) and
    /// through the service's temporary upload otherwise; -UploadMode forces either. Accepted files: .mp3 .wav .aac
    /// .amr .flac .m4a .ogg .opus .webm .wma .aiff and the sound of .mp4 .mov .mkv .avi .flv .wmv .mpeg. A missing
    /// file, a directory, another file type, an empty or too large file is an error for that file, written before any
    /// request. -Stream writes QwenChatStreamRecord objects as the text arrives, then the QwenTranscript.
    /// </para>
    /// </remarks>
    /// <example>
    /// <code>ConvertFrom-QwenAudio ./meeting.mp3</code>
    /// <para>Transcribes one local file and shows the text with its language and emotion.</para>
    /// </example>
    /// <example>
    /// <code>Get-ChildItem ./recordings/*.mp3 | ConvertFrom-QwenAudio -Language zh -EnableItn | Export-Csv ./transcripts.csv -NoTypeInformation</code>
    /// <para>One transcript per file, written as one CSV row each (File, Text, Language, Emotion, Seconds, RequestId, ...).</para>
    /// </example>
    /// <example>
    /// <code>ConvertFrom-QwenAudio https://dashscope.oss-cn-beijing.aliyuncs.com/audios/welcome.mp3 -Context 'Product names: DashScope, Bailian'</code>
    /// <para>Transcribes audio on the web, with context that helps the model spell the product names.</para>
    /// </example>
    /// <example>
    /// <code>ConvertFrom-QwenAudio ./interview.wav -Prompt 'What sounds can you hear?' -Model qwen-audio-turbo</code>
    /// <para>Asks about the audio instead of transcribing it.</para>
    /// </example>
    /// <example>
    /// <code>ConvertFrom-QwenAudio ./podcast.mp3 -Stream</code>
    /// <para>Shows the transcript while it arrives, then the whole result.</para>
    /// </example>
    [Cmdlet(VerbsData.ConvertFrom, "QwenAudio", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(QwenTranscript), typeof(QwenChatStreamRecord))]
    public sealed class ConvertFromQwenAudioCommand : QwenMediaCmdlet
    {
        /// <summary>The default speech recognition model.</summary>
        public const string DefaultModel = "qwen3-asr-flash";

        /// <summary>The model used for -Prompt when no -Model is given.</summary>
        public const string DefaultUnderstandingModel = "qwen-audio-turbo";

        /// <summary>Audio files (wildcards expand) or URLs (http, https, oss, data); one request and one result each.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Audio", "Url")]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        /// <summary>Audio files taken literally (no wildcards); Get-ChildItem output binds here by PSPath.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[]? LiteralPath { get; set; }

        /// <summary>A question about the audio; Text then holds the answer instead of a transcript.</summary>
        [Parameter]
        [Alias("Question")]
        public string? Prompt { get; set; }

        /// <summary>The language of the audio when known (zh, en, ja, yue, ...); leave out for mixed or unknown audio.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(AsrLanguageCompleter))]
        [ValidateNotNullOrEmpty]
        public string? Language { get; set; }

        /// <summary>Inverse text normalisation: numbers, dates and amounts as digits (Chinese and English).</summary>
        [Parameter]
        public SwitchParameter EnableItn { get; set; }

        /// <summary>Ask the model to identify the language (enable_lid).</summary>
        [Parameter]
        public SwitchParameter EnableLid { get; set; }

        /// <summary>
        /// Background text for recognition (names, terms), sent as the system message; the system prompt for other audio
        /// models. -Context is the same parameter.
        /// </summary>
        [Parameter]
        [Alias("Context")]
        public override string? SystemPrompt { get; set; }

        /// <summary>The model; tab completion suggests speech and audio models, any name is accepted.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(AudioModelCompleter))]
        [ValidateNotNullOrEmpty]
        public override string Model { get; set; } = DefaultModel;

        private string EffectiveModel =>
            !string.IsNullOrEmpty(Prompt) && !MyInvocation.BoundParameters.ContainsKey(nameof(Model)) ? DefaultUnderstandingModel : Model;

        /// <summary>True for speech recognition models (their name contains "asr").</summary>
        internal static bool IsRecognitionModel(string model) => model.IndexOf("asr", StringComparison.OrdinalIgnoreCase) >= 0;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (!string.IsNullOrEmpty(Prompt) && IsRecognitionModel(EffectiveModel))
                WriteWarning("-Prompt is ignored by the speech recognition model " + EffectiveModel + "; use an audio model such as -Model qwen-audio-turbo to ask about the audio.");
            if (!IsRecognitionModel(EffectiveModel) && (Language != null || EnableItn.IsPresent || EnableLid.IsPresent))
                WriteWarning("-Language, -EnableItn and -EnableLid apply to speech recognition models (qwen3-asr-flash) only.");
        }

        protected override void ProcessRecord()
        {
            var literal = ParameterSetName == LiteralPathSet;
            ForEachFile(literal ? LiteralPath! : Path!, literal, MediaKind.Audio, Transcribe);
        }

        private void Transcribe(MediaInput audio)
        {
            var model = EffectiveModel;
            var recognition = IsRecognitionModel(model);
            var audioPart = QwenContentPart.Audio(audio.Value, audio.Value);
            var parts = new List<QwenContentPart> { audioPart };
            var messages = new List<QwenChatMessage>();
            if (recognition)
            {
                // The recognition context is the system message; the service expects it, even empty.
                messages.Add(MessageComposer.System(SystemPrompt ?? string.Empty, asParts: true));
            }
            else
            {
                if (!string.IsNullOrEmpty(SystemPrompt)) messages.Add(MessageComposer.System(SystemPrompt!, asParts: true));
                if (!string.IsNullOrEmpty(Prompt)) parts.Add(QwenContentPart.FromText(Prompt));
            }
            messages.Add(new QwenChatMessage("user", recognition ? string.Empty : Prompt) { Parts = parts });

            var prompt = recognition ? null : Prompt;
            var request = new ChatRequest
            {
                Model = model,
                Messages = messages,
                Prompt = prompt,
                Multimodal = true,
                Temperature = Temperature,
                TopP = TopP,
                Seed = Seed,
                MaxTokens = MaxTokens,
                AdditionalParameters = PlainAdditionalParameters(),
                Asr = recognition
                    ? new AsrOptions
                    {
                        Language = Language,
                        EnableItn = EnableItn.IsPresent ? true : (bool?)null,
                        EnableLid = EnableLid.IsPresent ? true : (bool?)null,
                    }
                    : null,
            };
            SendMedia(request, new[] { new PendingPart(audioPart, new[] { audio }, frames: false) },
                result => MultimodalResults.Transcript(result, audio, prompt), audio.Value);
        }
    }
}
