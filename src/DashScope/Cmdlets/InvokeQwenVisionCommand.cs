using System.Collections.Generic;
using System.Management.Automation;
using DashScope.Completion;
using DashScope.Media;
using DashScope.Models;
using DashScope.Requests;

namespace DashScope.Cmdlets
{
    /// <summary>Asks a Qwen vision model about images or a video: URLs, local files or files piped from Get-ChildItem.</summary>
    /// <remarks>
    /// <para>
    /// Invoke-QwenVision sends a question with images or a video to a Qwen vision-language model (default
    /// qwen-vl-max-latest) on the multimodal endpoint and writes a QwenVisionResult: the answer in Text, the media it
    /// was about in File (names) and Media (full paths or URLs), token Usage with ImageTokens and VideoTokens,
    /// RequestId, Model, Duration and the conversation in History.
    /// </para>
    /// <para>
    /// MEDIA. -Image takes one or more images for one question (several images are compared in one answer). -Frame
    /// takes the frames of a video as images, in order; -Video takes a video file or URL, sampled at -Fps frames per
    /// second. Each argument may be an http(s) URL, an oss:// URL of a temporary upload, a data: URI, or a local path;
    /// relative paths resolve against the current PowerShell location and wildcards expand (-Image *.png sends every
    /// match). Local files are sent inline as a data: URI when small (up to 10 MB encoded) and through the service's
    /// temporary upload otherwise; -UploadMode Inline or Upload forces either. Uploads of one call share one upload
    /// policy, and requests with oss:// media carry the X-DashScope-OssResourceResolve header.
    /// </para>
    /// <para>
    /// ONE ANSWER PER FILE. Files piped from Get-ChildItem (bound by their PSPath to -LiteralPath) or paths given to
    /// -Path are asked about one by one: Get-ChildItem *.jpg | Invoke-QwenVision -Prompt 'Describe' writes one result
    /// per file, each naming its file. Video files (.mp4, .mov, ...) among them are sent as videos. -ThrottleLimit
    /// sends several at once; output keeps the input order.
    /// </para>
    /// <para>
    /// CHECKS BEFORE SENDING. A missing file, a directory, a file type the model cannot read for that kind of media
    /// (images: .jpg .jpeg .png .bmp .webp .tif .tiff .heic ...; videos: .mp4 .avi .mkv .mov .flv .wmv .webm ...), an
    /// empty file, or a file over the limit of the way it would be sent (20 MB encoded inline, 1 GB uploaded) is a
    /// DashScope.InvalidInput error for that input, written before any request is made; the other inputs still run.
    /// </para>
    /// <para>
    /// CONVERSATIONS AND STREAMING. Pipe a result back with the next question to continue: $r | Invoke-QwenVision 'And
    /// the dog?' sends the earlier images again with the history (add -Image for new ones). -Stream writes one
    /// QwenChatStreamRecord per event as the answer arrives, then the QwenVisionResult (type name ending in #Streamed),
    /// as Invoke-QwenChat does. Per-image options: -MinPixels, -MaxPixels, -EnableRotate; -HighResolution raises the
    /// pixel cap of the model (vl_high_resolution_images). Connection, retry and error behaviour are those of
    /// Invoke-QwenChat.
    /// </para>
    /// </remarks>
    /// <example>
    /// <code>Invoke-QwenVision 'What is in this picture?' -Image ./dog.jpg</code>
    /// <para>Asks about one local image (sent inline); the answer is the result's text.</para>
    /// </example>
    /// <example>
    /// <code>Get-ChildItem ./photos/*.jpg | Invoke-QwenVision -Prompt 'What is in this photo?' | Select-Object File, Text</code>
    /// <para>One question per file; each result names its file, so the answers line up with the files.</para>
    /// </example>
    /// <example>
    /// <code>Invoke-QwenVision 'Which of these two is older?' -Image https://example.com/a.jpg, ./screenshot.png -HighResolution</code>
    /// <para>Two images, one from the web and one local, in one question, with high-resolution image processing.</para>
    /// </example>
    /// <example>
    /// <code>Invoke-QwenVision 'Describe what happens' -Frame (Get-ChildItem ./frames/*.jpg | Sort-Object Name).FullName -Fps 2</code>
    /// <para>Sends the frames of a video, in order, as one video.</para>
    /// </example>
    /// <example>
    /// <code>Invoke-QwenVision 'Summarise this clip' -Video ./clip.mp4 -Fps 1 -UploadMode Upload -Stream</code>
    /// <para>Uploads the video through the temporary upload and streams the answer as it arrives.</para>
    /// </example>
    /// <example>
    /// <code>$r = Invoke-QwenVision 'What animal is this?' -Image ./cat.jpg; $r | Invoke-QwenVision 'What colour is it?'</code>
    /// <para>Continues the conversation about the same image.</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Invoke, "QwenVision", DefaultParameterSetName = MediaSet)]
    [OutputType(typeof(QwenVisionResult), typeof(QwenChatStreamRecord))]
    public sealed class InvokeQwenVisionCommand : QwenImageCmdlet
    {
        private const string MediaSet = "Media";

        /// <summary>The default model.</summary>
        public const string DefaultModel = "qwen-vl-max-latest";

        private bool _promptFromCommandLine;

        /// <summary>The question about the media.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Question")]
        [ValidateNotNullOrEmpty]
        public string? Prompt { get; set; }

        /// <summary>Images for one question: URLs (http, https, oss, data) or paths (wildcards expand).</summary>
        [Parameter(Position = 1, ParameterSetName = MediaSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? Image { get; set; }

        /// <summary>The frames of a video, in order, as image URLs or paths; sent as one video.</summary>
        [Parameter(ParameterSetName = MediaSet)]
        [ValidateNotNullOrEmpty]
        public string[]? Frame { get; set; }

        /// <summary>A video file: a URL or a path.</summary>
        [Parameter(ParameterSetName = MediaSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? Video { get; set; }

        /// <summary>Files (or URLs) to ask about one by one: one request and one result per file. Wildcards expand.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        /// <summary>Files to ask about one by one, taken literally (no wildcards); Get-ChildItem output binds here by PSPath.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[]? LiteralPath { get; set; }

        /// <summary>A previous result, piped: its conversation (with its images) is continued with -Prompt.</summary>
        [Parameter(ParameterSetName = MediaSet, ValueFromPipeline = true)]
        public QwenVisionResult? InputObject { get; set; }

        /// <summary>Videos: frames per second to sample from a video file, or the frame rate of a frame list.</summary>
        [Parameter]
        [ValidateRange(0.1, 10.0)]
        public double? Fps { get; set; }

        /// <summary>Let the model look at images in higher resolution (vl_high_resolution_images; more tokens).</summary>
        [Parameter]
        public SwitchParameter HighResolution { get; set; }

        /// <summary>The model; tab completion suggests vision models, any name is accepted.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(VisionModelCompleter))]
        [ValidateNotNullOrEmpty]
        public override string Model { get; set; } = DefaultModel;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _promptFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(Prompt));
        }

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case PathSet:
                case LiteralPathSet:
                    var literal = ParameterSetName == LiteralPathSet;
                    ForEachFile(literal ? LiteralPath! : Path!, literal, MediaKind.Image, file => Ask(null, new[] { file }, null, null, file.Value), ImageOrVideo);
                    return;
            }

            var previous = InputObject;
            if (previous != null && !_promptFromCommandLine)
            {
                WriteError(ErrorRecords.InvalidInput(
                    "A previous result was piped in but no new question was given. Add it: $result | Invoke-QwenVision 'and then?'.",
                    "EmptyPrompt", previous));
                return;
            }
            List<MediaInput>? images = null, frames = null;
            MediaInput? video = null;
            if (!TryPrepare(() =>
                {
                    images = ResolveAll(Image, MediaKind.Image, literal: false);
                    frames = ResolveAll(Frame, MediaKind.Image, literal: false);
                    if (Video != null) video = ResolveMedia(Video, MediaKind.Video, literal: false)[0];
                    if (images.Count == 0 && frames.Count == 0 && video == null && previous == null)
                        throw Invalid("Give the media to ask about: -Image, -Frame or -Video (URLs or paths), or pipe files from Get-ChildItem.");
                }, (object?)Image ?? Frame ?? (object?)Video ?? Prompt))
                return;
            Ask(previous, images!, frames!.Count == 0 ? null : frames, video, Prompt);
        }

        private void Ask(QwenVisionResult? previous, IList<MediaInput> images, IList<MediaInput>? frames, MediaInput? video, object? target)
        {
            var pending = new List<PendingPart>();
            var parts = new List<QwenContentPart>();
            var media = new List<MediaInput>();
            foreach (var image in images)
            {
                if (image.Kind == MediaKind.Video)
                {
                    AddVideo(image, parts, pending);
                }
                else
                {
                    var part = ImagePart(image);
                    parts.Add(part);
                    pending.Add(new PendingPart(part, new[] { image }, frames: false));
                }
                media.Add(image);
            }
            if (frames != null)
            {
                var part = QwenContentPart.VideoFrames(new List<string>());
                part.Fps = Fps;
                part.Source = frames.Count + " frames";
                parts.Add(part);
                pending.Add(new PendingPart(part, frames, frames: true));
                media.AddRange(frames);
            }
            if (video != null)
            {
                AddVideo(video, parts, pending);
                media.Add(video);
            }
            parts.Add(QwenContentPart.FromText(Prompt));

            var messages = MessageComposer.Compose(SystemPrompt, previous?.History, null,
                new QwenChatMessage("user", Prompt) { Parts = parts }, asParts: true);
            var request = new ChatRequest
            {
                Model = Model,
                Messages = messages,
                Prompt = Prompt,
                Multimodal = true,
                Temperature = Temperature,
                TopP = TopP,
                Seed = Seed,
                MaxTokens = MaxTokens,
                HighResolutionImages = HighResolution.IsPresent ? true : (bool?)null,
                AdditionalParameters = PlainAdditionalParameters(),
            };
            var prompt = Prompt;
            SendMedia(request, pending, result => Describe(MultimodalResults.Vision(result, media, prompt), previous), target);
        }

        private static QwenVisionResult Describe(QwenVisionResult result, QwenVisionResult? previous)
        {
            if (previous != null && result.Media.Count == 0)
            {
                // A follow-up question without new media is still about the earlier media.
                result.File = previous.File;
                result.Media = previous.Media;
            }
            return result;
        }

        private void AddVideo(MediaInput video, List<QwenContentPart> parts, List<PendingPart> pending)
        {
            var part = QwenContentPart.Video(video.Value, video.Value);
            part.Fps = Fps;
            parts.Add(part);
            pending.Add(new PendingPart(part, new[] { video }, frames: false));
        }
    }
}
