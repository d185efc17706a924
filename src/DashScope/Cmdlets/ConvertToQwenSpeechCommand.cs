using System;
using System.Collections;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using DashScope.Catalog;
using DashScope.Client;
using DashScope.Completion;
using DashScope.Models;
using DashScope.Requests;

namespace DashScope.Cmdlets
{
    /// <summary>Turns text into speech and saves it as an audio file.</summary>
    /// <remarks>
    /// <para>
    /// ConvertTo-QwenSpeech sends each text (the first argument, or piped strings) to a speech synthesis model and saves
    /// the audio: Qwen-TTS (default qwen3-tts-flash, on the multimodal endpoint; WAV, 24 kHz) or CosyVoice
    /// (cosyvoice-v3-flash, cosyvoice-v2, ... through its HTTP speech-synthesis endpoint; WAV, MP3 or PCM). It writes a
    /// QwenSpeech per text: Path, Characters (as billed; qwen3-tts counts a Chinese character as 2), Usage, Text, Model,
    /// Voice, Format, Length, Url and RequestId.
    /// </para>
    /// <para>
    /// -Voice picks the voice (tab completion lists the model's voices from the module's catalog: Cherry, Ethan, ... for
    /// Qwen-TTS, longanyang, longxiaochun_v2, ... for CosyVoice); without it the model's default voice speaks.
    /// -Language tells Qwen-TTS the language of the text (Chinese, English, ...; Auto by default).
    /// </para>
    /// <para>
    /// THE FILE. -OutFile names it; its extension picks the format (.wav, .mp3 or .pcm for CosyVoice; Qwen-TTS makes
    /// .wav). Without -OutFile each text is saved in -OutputFolder (default: the current location) as
    /// speech_DATE_TIME_N.wav (speech_DATE_TIME_N-2.wav when that name is taken). The file is written whole or not at
    /// all, and an existing file is kept (an error) unless -Force. -Stream asks the service for the audio in pieces and
    /// writes them to the file as they arrive: PCM pieces go behind a WAV header, so the file plays like the whole
    /// answer's. Without -Stream the answer names the audio on the service's result host (kept 24 hours), which is
    /// downloaded without the API key.
    /// </para>
    /// <para>
    /// Speech costs money: -WhatIf shows what would be spoken and where it would be saved, and sends nothing.
    /// </para>
    /// </remarks>
    /// <example>
    /// <code>ConvertTo-QwenSpeech 'Good morning! The backup finished without errors.' -OutFile ./morning.wav</code>
    /// <para>Speaks one sentence with qwen3-tts-flash and the default voice, and saves it as a WAV file.</para>
    /// </example>
    /// <example>
    /// <code>ConvertTo-QwenSpeech '今天的会议改到下午三点。' -Voice Ethan -Language Chinese -Stream -OutFile ./notice.wav -Force</code>
    /// <para>Streams Chinese speech into the file while it is made, replacing an older file.</para>
    /// </example>
    /// <example>
    /// <code>Get-Content ./tickets.txt | ConvertTo-QwenSpeech -Model cosyvoice-v3-flash -Voice longanyang -OutputFolder ./audio | Select-Object Path, Characters</code>
    /// <para>One WAV file per line, spoken by a CosyVoice voice and saved in ./audio.</para>
    /// </example>
    /// <example>
    /// <code>ConvertTo-QwenSpeech 'Release 2.1 is out.' -Model cosyvoice-v2 -Voice longxiaochun_v2 -OutFile ./release.mp3</code>
    /// <para>CosyVoice makes MP3 when the file name asks for it.</para>
    /// </example>
    [Cmdlet(VerbsData.ConvertTo, "QwenSpeech", SupportsShouldProcess = true)]
    [OutputType(typeof(QwenSpeech))]
    public sealed class ConvertToQwenSpeechCommand : QwenRequestCmdlet
    {
        private readonly string _stamp = DateTime.Now.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture);
        private SpeechClient? _speech;
        private ModelFamily? _family;
        private string? _folder;
        private string? _file;
        private bool _showProgress;
        private int _texts;

        /// <summary>The text to speak. Piped strings (or objects with a Text property) are one audio file each.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? Text { get; set; }

        /// <summary>The speech model (Qwen-TTS or CosyVoice); tab completion suggests the catalog's speech models, any name is accepted.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(SpeechModelCompleter))]
        [ValidateNotNullOrEmpty]
        public string Model { get; set; } = ModelCatalog.Default.DefaultModel("speech");

        /// <summary>The voice; tab completion lists the model's voices. Default: the model's default voice (Cherry for Qwen-TTS).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(VoiceCompleter))]
        [ValidateNotNullOrEmpty]
        public string? Voice { get; set; }

        /// <summary>The language of the text for Qwen-TTS (language_type): Auto, Chinese, English, German, Japanese, ...</summary>
        [Parameter]
        [ArgumentCompleter(typeof(SpeechLanguageCompleter))]
        [ValidateNotNullOrEmpty]
        public string? Language { get; set; }

        /// <summary>How to speak, for Qwen-TTS instruct models (instructions), e.g. 'Speak slowly and warmly.'</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Instructions { get; set; }

        /// <summary>The audio file to write; its extension (.wav, .mp3, .pcm) picks the format.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutFile { get; set; }

        /// <summary>Where files are saved when -OutFile is not given (default: the current location), as speech_DATE_TIME_N.wav.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutputFolder { get; set; }

        /// <summary>Replaces an existing file (it is kept, with an error, otherwise).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Asks for the audio in pieces and writes them to the file as they arrive.</summary>
        [Parameter]
        public SwitchParameter Stream { get; set; }

        /// <summary>
        /// Request members the cmdlet has no parameter for, sent as given: in parameters for Qwen-TTS, in input for
        /// CosyVoice (e.g. @{ volume = 80; rate = 1.2 }). A key here overrides the matching cmdlet parameter.
        /// </summary>
        [Parameter]
        [Alias("Parameters")]
        public Hashtable? AdditionalParameters { get; set; }

        private string Format => _file == null
            ? (_family!.Default("format") ?? "wav")
            : Path.GetExtension(_file).TrimStart('.').ToLowerInvariant();

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _family = ModelCatalog.Default.Find(Model);
            if (_family.Kind != "speech")
                ThrowTerminatingError(ErrorRecords.InvalidInput("The model catalog does not know " + Model + " as a speech model; try " +
                                                                ModelCatalog.Default.DefaultModel("speech") + " or cosyvoice-v3-flash.", "NotASpeechModel", Model));
            if (OutFile != null && OutputFolder != null)
                ThrowTerminatingError(ErrorRecords.InvalidInput("Give -OutFile or -OutputFolder, not both.", "OutputConflict", OutFile));
            if (Language != null && _family.Languages.Count == 0)
                WriteWarning("-Language is for Qwen-TTS; " + Model + " takes no language and it is not sent.");
            _file = OutFile == null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutFile);
            _folder = SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutputFolder ?? ".");
            // The format check names the extensions before anything is sent.
            try
            {
                NewRequest("check").Validate();
            }
            catch (DashScopeException invalid)
            {
                ThrowTerminatingError(ErrorRecords.From(invalid, OutFile));
            }
            _speech = new SpeechClient(CreateClient(ResolveSettings()));
            _showProgress = IsInteractiveHost();
        }

        /// <summary>One text's request: the model, voice, format and options of this invocation.</summary>
        private SpeechRequest NewRequest(string text)
        {
            SpeechRequest request = _family!.Endpoint == ModelEndpoint.Speech
                ? new CosyVoiceRequest(Model)
                : new QwenTtsRequest(Model) { Language = Language, Instructions = Instructions };
            request.Text = text;
            request.Voice = Voice ?? _family.Default("voice");
            request.Format = Format;
            request.Stream = Stream.IsPresent;
            if (_family.SampleRate is int rate) request.SampleRate = rate;
            PowerShellValue.CopyInto(AdditionalParameters, request.AdditionalParameters);
            return request;
        }

        protected override void ProcessRecord()
        {
            var text = Text!;
            var index = ++_texts;
            if (_file != null && index > 1)
            {
                WriteError(ErrorRecords.InvalidInput("-OutFile names one file, but a second text was piped; use -OutputFolder.", "OutputConflict", text));
                return;
            }
            var path = _file ?? PathResolver.FreeName(_folder!, "speech_" + _stamp + "_" + index.ToString(CultureInfo.InvariantCulture), Format);
            var shown = text.Length <= 60 ? text : text.Substring(0, 60) + "…";
            if (!ShouldProcess(shown, "Speak with " + Model + " (" + (Voice ?? _family!.Default("voice")) + ") into " + path)) return;
            var request = NewRequest(text);
            var speech = _speech!;
            var overwrite = Force.IsPresent;
            var show = _showProgress;
            Submit(async (sink, cancellation) =>
            {
                var progress = show ? new DownloadProgressReporter(sink, "ConvertTo-QwenSpeech", request.Stream ? "Writing" : "Downloading") : null;
                try
                {
                    await sink.WriteAsync(await speech.SynthesizeAsync(request, path, overwrite, progress, cancellation).ConfigureAwait(false)).ConfigureAwait(false);
                }
                catch (DashScopeException failure)
                {
                    sink.Error(failure, text);
                }
                finally
                {
                    progress?.Complete();
                }
            });
        }
    }
}
