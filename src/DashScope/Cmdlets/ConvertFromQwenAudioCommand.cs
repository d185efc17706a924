using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using DashScope.Catalog;
using DashScope.Client;
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
    /// <para>
    /// LONG AUDIO. A local file larger or longer than the speech recognition model takes at once (qwen3-asr-flash: 10 MB,
    /// 3 minutes; the length is read from WAV and MP3 headers), any file with -Async, -Diarize or -SpeakerCount, and
    /// any file for a file-transcription model (-Model paraformer-v2, fun-asr, ...) goes through file transcription as
    /// an async task: local files through the temporary upload, the task waited for with a progress bar at an
    /// interactive console, the transcript read from the task's result URL. The model is -Model when it is a
    /// file-transcription model, else paraformer-v2 (from the module's model catalog). The QwenTranscript then also
    /// has Sentences (Begin, End, Text and, with -Diarize, Speaker) and TaskId. -SpeakerCount tells how many speakers
    /// to expect (with -Diarize); -Language becomes the task's language hint. Ctrl+C while waiting stops the waiting
    /// only and says how to pick the task up again (Wait-QwenTask -Id ...). -WhatIf shows what would be transcribed,
    /// and how, and sends nothing.
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
    /// <example>
    /// <code>(ConvertFrom-QwenAudio ./meeting.mp3 -Diarize -SpeakerCount 2).Sentences | Format-Table Begin, End, Speaker, Text</code>
    /// <para>Transcribes a meeting as a file-transcription task and shows who said what, and when.</para>
    /// </example>
    [Cmdlet(VerbsData.ConvertFrom, "QwenAudio", DefaultParameterSetName = PathSet, SupportsShouldProcess = true)]
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

        /// <summary>
        /// Transcribes through file transcription (an async task) even audio the speech recognition model would take at
        /// once. Long or large local files go that way without it.
        /// </summary>
        [Parameter]
        public SwitchParameter Async { get; set; }

        /// <summary>Tells the speakers apart (file transcription; mono audio): each sentence gets its Speaker, from 0.</summary>
        [Parameter]
        public SwitchParameter Diarize { get; set; }

        /// <summary>How many speakers to expect, 2 to 100 (file transcription with -Diarize).</summary>
        [Parameter]
        [ValidateRange(2, 100)]
        public int? SpeakerCount { get; set; }

        /// <summary>Seconds between the first polls of a transcription task (default 1); the interval doubles every third poll up to 5 seconds.</summary>
        [Parameter]
        [ValidateRange(0.05, 3600.0)]
        public double PollIntervalSec { get; set; } = 1;

        /// <summary>The model; tab completion suggests speech and audio models, any name is accepted.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(AudioModelCompleter))]
        [ValidateNotNullOrEmpty]
        public override string Model { get; set; } = DefaultModel;

        private TaskWaiter? _waiter;
        private TranscriptionClient? _transcriber;

        private string EffectiveModel =>
            !string.IsNullOrEmpty(Prompt) && !MyInvocation.BoundParameters.ContainsKey(nameof(Model)) ? DefaultUnderstandingModel : Model;

        /// <summary>The file-transcription model: -Model when it is one, else the catalog's default.</summary>
        private string TranscriptionModel =>
            ModelCatalog.Default.Find(Model).Kind == "transcription" ? Model : ModelCatalog.Default.DefaultModel("transcription");

        /// <summary>
        /// Whether this audio goes through file transcription: asked for (-Async, -Diarize, -SpeakerCount, a transcription
        /// model), or a local file larger or longer than the synchronous model takes.
        /// </summary>
        private string? TaskReason(MediaInput audio)
        {
            if (Async.IsPresent) return "-Async";
            if (Diarize.IsPresent || SpeakerCount.HasValue) return "diarization";
            if (ModelCatalog.Default.Find(Model).Kind == "transcription") return Model + " transcribes files as tasks";
            if (!audio.IsLocalFile || !string.IsNullOrEmpty(Prompt)) return null;
            var family = ModelCatalog.Default.Find(EffectiveModel);
            if (family.MaxAudioBytes.HasValue && audio.Length > family.MaxAudioBytes.Value)
                return string.Format(CultureInfo.InvariantCulture, "{0:N1} MB, more than the {1:N0} MB {2} takes at once", audio.Length / 1048576.0, family.MaxAudioBytes.Value / 1048576.0, EffectiveModel);
            var seconds = family.MaxAudioSeconds.HasValue ? AudioDuration.Estimate(audio.Value) : null;
            if (seconds > family.MaxAudioSeconds)
                return string.Format(CultureInfo.InvariantCulture, "about {0:N0} s long, more than the {1} s {2} takes at once", seconds, family.MaxAudioSeconds, EffectiveModel);
            return null;
        }

        /// <summary>True for speech recognition models (their name contains "asr").</summary>
        internal static bool IsRecognitionModel(string model) => model.IndexOf("asr", StringComparison.OrdinalIgnoreCase) >= 0;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (!string.IsNullOrEmpty(Prompt) && IsRecognitionModel(EffectiveModel))
                WriteWarning("-Prompt is ignored by the speech recognition model " + EffectiveModel + "; use an audio model such as -Model qwen-audio-turbo to ask about the audio.");
            if (!IsRecognitionModel(EffectiveModel) && (Language != null || EnableItn.IsPresent || EnableLid.IsPresent))
                WriteWarning("-Language, -EnableItn and -EnableLid apply to speech recognition models (qwen3-asr-flash) only.");
            if (SpeakerCount.HasValue && !Diarize.IsPresent)
                WriteWarning("-SpeakerCount applies with -Diarize; the speakers are told apart only then.");
            _waiter = CreateTaskWaiter(Client, PollIntervalSec, IsInteractiveHost());
            _transcriber = new TranscriptionClient(Client);
        }

        protected override void ProcessRecord()
        {
            var literal = ParameterSetName == LiteralPathSet;
            ForEachFile(literal ? LiteralPath! : Path!, literal, MediaKind.Audio, Transcribe);
        }

        private void Transcribe(MediaInput audio)
        {
            var reason = TaskReason(audio);
            if (reason != null)
            {
                TranscribeAsTask(audio, reason);
                return;
            }
            var model = EffectiveModel;
            if (!ShouldProcess(audio.DisplayName, (IsRecognitionModel(model) ? "Transcribe with " : "Ask about the audio with ") + model)) return;
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

        /// <summary>File transcription: upload a local file, submit the task, wait for it, read the transcript from its result URL.</summary>
        private void TranscribeAsTask(MediaInput audio, string reason)
        {
            var model = TranscriptionModel;
            if (audio.Location == MediaLocation.DataUri)
            {
                WriteError(ErrorRecords.InvalidInput("File transcription reads audio from a URL or a file, not a data: URI; give the file's path.", "DataUriNotTaken", audio.DisplayName));
                return;
            }
            if (!ShouldProcess(audio.DisplayName, "Transcribe as a file-transcription task with " + model)) return;
            WriteVerbose("Transcribing " + audio.DisplayName + " as a file-transcription task with " + model + " (" + reason + ").");
            var client = Client;
            var waiter = _waiter!;
            var transcriber = _transcriber!;
            var request = new TranscriptionRequest(model)
            {
                LanguageHints = Language == null ? null : new List<string> { Language },
                Diarization = Diarize.IsPresent ? true : (bool?)null,
                SpeakerCount = Diarize.IsPresent ? SpeakerCount : null,
            };
            PowerShellValue.CopyInto(AdditionalParameters, request.AdditionalParameters);
            var resolver = new MediaResolver(new TemporaryUploader(client), model, UploadMode.Upload);
            var watch = Stopwatch.StartNew();
            Submit(async (sink, cancellation) =>
            {
                try
                {
                    request.FileUrls = new List<string> { await resolver.ResolveAsync(audio, cancellation).ConfigureAwait(false) };
                    var task = await client.SendAsync(request, cancellation).ConfigureAwait(false);
                    if (!(await waiter.WaitAsync(sink, task, audio.Value, cancellation).ConfigureAwait(false) is { } done)) return;
                    foreach (var outcome in await transcriber.ReadAsync(done, model, cancellation).ConfigureAwait(false))
                    {
                        if (outcome.Transcript == null)
                        {
                            sink.Error(outcome.Error!, audio.Value);
                            continue;
                        }
                        outcome.Transcript.File = audio.DisplayName;
                        outcome.Transcript.Path = audio.Value;
                        outcome.Transcript.Seconds = outcome.Transcript.Seconds ?? done.Usage?.Seconds;
                        outcome.Transcript.Duration = watch.Elapsed;
                        await sink.WriteAsync(outcome.Transcript).ConfigureAwait(false);
                    }
                }
                catch (DashScopeException failure)
                {
                    sink.Error(failure, audio.Value);
                }
            });
        }
    }
}
