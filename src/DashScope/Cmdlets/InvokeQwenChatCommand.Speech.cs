using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using DashScope.Catalog;
using DashScope.Completion;
using DashScope.Models;
using DashScope.Requests;

namespace DashScope.Cmdlets
{
    // Spoken answers of the omni models: -Modality Text,Audio, -Voice, -AudioPath and -Force.
    // (A plain comment: the class's documentation, which the help is generated from, is in InvokeQwenChatCommand.cs.)
    public sealed partial class InvokeQwenChatCommand
    {
        private readonly string _stamp = DateTime.Now.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture);
        private bool _speaks;
        private string? _audioPath;

        /// <summary>
        /// What the answer comes in: Text (the default) or Text,Audio for the omni models (qwen3-omni-flash,
        /// qwen3.5-omni-plus, qwen3.5-omni-flash, qwen-omni-turbo), which then also speak it. The text is written as usual
        /// (streamed with -Stream) and the speech is saved as a WAV file (-AudioPath), named on the result's Audio. Audio
        /// alone means Text,Audio: the service always writes the text. Without -Model the model is then qwen3-omni-flash.
        /// </summary>
        [Parameter]
        [ValidateSet("Text", "Audio", IgnoreCase = true)]
        public string[]? Modality { get; set; }

        /// <summary>
        /// The voice of a spoken answer (audio.voice), e.g. Cherry, Ethan, Serena or Chelsie; tab completion lists the
        /// omni voices the module's catalog knows, any name is accepted. Without it the model's default voice speaks
        /// (Cherry for qwen3-omni-flash, Tina for qwen3.5-omni, Chelsie for qwen-omni-turbo).
        /// </summary>
        [Parameter]
        [ArgumentCompleter(typeof(OmniVoiceCompleter))]
        [ValidateNotNullOrEmpty]
        public string? Voice { get; set; }

        /// <summary>
        /// The WAV file a spoken answer is saved to (a PowerShell path; implies -Modality Text,Audio). Each further piped
        /// prompt's answer goes to a numbered file beside it: answer.wav, answer-2.wav, answer-3.wav, ... Without it the
        /// speech is saved in the current location as answer_DATE_TIME_N.wav (answer_DATE_TIME_N-2.wav when that name is
        /// taken). An existing file is kept (an error) unless -Force.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AudioPath { get; set; }

        /// <summary>Replaces an existing file at -AudioPath (it is kept, with an error, otherwise).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>The model asked for speech without -Model: the catalog's first omni model.</summary>
        private static string SpeechModel => ModelCatalog.Default.DefaultModel("omni");

        /// <summary>Checks the speech parameters before anything is sent; resolves -AudioPath.</summary>
        private void BeginSpeech()
        {
            var audioAsked = Modality != null && Modality.Any(modality => string.Equals(modality, "Audio", StringComparison.OrdinalIgnoreCase));
            if (AudioPath != null && Modality != null && !audioAsked)
                ThrowTerminatingError(ErrorRecords.InvalidInput(
                    "-AudioPath saves a spoken answer, but -Modality asks for text only: add Audio (-Modality Text,Audio) or leave out -AudioPath.", "AudioPathWithoutAudio", AudioPath));
            _speaks = audioAsked || AudioPath != null;
            if (!_speaks)
            {
                if (Voice != null) WriteWarning("-Voice has no effect without -Modality Text,Audio.");
                if (Force.IsPresent) WriteWarning("-Force has no effect without -AudioPath.");
                return;
            }
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Model)) && !ModelCatalog.Default.Find(Model).Speaks)
                ThrowTerminatingError(ErrorRecords.InvalidInput(
                    "The model catalog does not list " + Model + " as answering in speech; the omni models do (" +
                    string.Join(", ", ModelCatalog.Default.ModelNames("omni")) + "). Give one of them with -Model, or leave out -Modality Audio.",
                    "ModelDoesNotSpeak", Model));
            if (AsBatch.IsPresent)
                ThrowTerminatingError(ErrorRecords.InvalidInput(
                    "The Batch API does not stream, and the omni models answer only streamed: leave out -AsBatch for spoken answers.", "SpeechAsBatch", null));
            if (Tool != null && Tool.Length > 0 && InvokeTool != QwenToolInvocation.None)
                ThrowTerminatingError(ErrorRecords.InvalidInput(
                    "A spoken answer cannot be combined with tools that run, as every round of the conversation would speak: " +
                    "add -InvokeTool None to get the calls back, or leave out -Modality Audio.", "SpeechWithTools", null));
            try
            {
                _audioPath = AudioPath == null ? null : GetUnresolvedProviderPathFromPSPath(AudioPath);
            }
            catch (Exception exception) when (exception is ProviderNotFoundException || exception is System.Management.Automation.DriveNotFoundException || exception is NotSupportedException)
            {
                ThrowTerminatingError(new ErrorRecord(exception, "DashScope.InvalidAudioPath", ErrorCategory.InvalidArgument, AudioPath));
            }
        }

        /// <summary>The speech members of a request whose answer is saved to <paramref name="audioPath"/>; none without audio.</summary>
        private ChatRequest WithSpeech(ChatRequest request, string? audioPath) => audioPath == null
            ? request
            : request with
            {
                Modalities = new[] { "text", "audio" },
                Voice = Voice,
                AudioFile = new AudioTarget(audioPath, Force.IsPresent),
            };

        /// <summary>-AudioPath for the first prompt, NAME-N.EXT beside it for the N-th; else a free default name here.</summary>
        private string AudioPathFor(int index)
        {
            var number = index.ToString(CultureInfo.InvariantCulture);
            if (_audioPath != null)
            {
                if (index == 1) return _audioPath;
                var folder = Path.GetDirectoryName(_audioPath) ?? string.Empty;
                return Path.Combine(folder, Path.GetFileNameWithoutExtension(_audioPath) + "-" + number + Path.GetExtension(_audioPath));
            }
            var location = SessionState.Path.CurrentFileSystemLocation.ProviderPath;
            return PathResolver.FreeName(location, "answer_" + _stamp + "_" + number, "wav");
        }

        /// <summary>Says so when speech was asked for and the answer came without it.</summary>
        private void CheckSpeech(QwenChatResult result, Execution.IWorkSink sink)
        {
            if (_speaks && result.Audio == null && result.Completed)
                sink.Warning("The model answered without speech, so no audio file was written for '" + TextPreview.Line(result.Prompt, 40) + "'.");
        }
    }
}
