using System;
using System.Management.Automation;
using System.Threading.Tasks;
using DashScope.Catalog;
using DashScope.Client;
using DashScope.Completion;
using DashScope.Media;
using DashScope.Models;
using DashScope.Requests;

namespace DashScope.Cmdlets
{
    /// <summary>Makes a short video from a text prompt, or from a picture and a prompt, with a Wan model.</summary>
    /// <remarks>
    /// <para>
    /// New-QwenVideo submits a video task for each prompt, waits for it (videos take one to five minutes; a progress bar
    /// with the status and the time waited shows at an interactive console) and writes a QwenVideo: Url (on the
    /// service's result host, kept 24 hours), Path (with -OutputFolder or -OutFile), Prompt (the service's extended
    /// prompt when prompt extension rewrote it), OriginalPrompt, Seconds, Model, TaskId, RequestId and Usage.
    /// </para>
    /// <para>
    /// TEXT OR PICTURE. Without -Image the default model is wan2.2-t2v-plus (text-to-video); with -Image it is
    /// wan2.2-i2v-plus (image-to-video), which animates the picture as the first frame. -Image takes an http(s) or oss://
    /// URL, or a local file (JPEG, PNG, BMP, WEBP), which goes through the service's temporary upload. Tab completion
    /// on -Model lists the catalog's video models.
    /// </para>
    /// <para>
    /// OPTIONS. -Duration (seconds; the service's default is 5), -Size (W*H, text-to-video) or -Resolution (480P, 720P,
    /// 1080P, image-to-video), -NegativePrompt, -Seed, -PromptExtend (-PromptExtend:$false turns the service's prompt
    /// extension off) and -Watermark.
    /// </para>
    /// <para>
    /// WAITING. -NoWait writes the submitted QwenTask at once; Wait-QwenTask waits for it later and its ResultUrls name
    /// the video. Ctrl+C while waiting stops the waiting only: the task goes on at the service, and the command says how
    /// to pick it up again (Wait-QwenTask -Id ...). -TimeoutSec limits the wait. -OutputFolder saves the video as
    /// TASKID.mp4, -OutFile under a name of yours; downloads are atomic and an existing file is kept unless -Force.
    /// Videos cost money: -WhatIf shows what would be made and sends nothing.
    /// </para>
    /// </remarks>
    /// <example>
    /// <code>New-QwenVideo 'Waves rolling onto a beach at sunset, slow motion' -OutputFolder ./videos</code>
    /// <para>Makes a five-second video from text, waits for it, and saves it as ./videos/TASKID.mp4.</para>
    /// </example>
    /// <example>
    /// <code>New-QwenVideo 'The cat slowly turns its head and blinks' -Image ./cat.jpg -Resolution 720P -Duration 5 -OutFile ./cat.mp4 -Force</code>
    /// <para>Animates a local picture (uploaded temporarily first) and saves the video under a name of yours.</para>
    /// </example>
    /// <example>
    /// <code>
    /// $task = New-QwenVideo 'A paper plane flying over a city' -NoWait
    /// $task | Wait-QwenTask | Select-Object -ExpandProperty ResultUrls
    /// </code>
    /// <para>Submits the video task without waiting, then waits for it separately and shows the video's URL.</para>
    /// </example>
    [Cmdlet(VerbsCommon.New, "QwenVideo", SupportsShouldProcess = true)]
    [OutputType(typeof(QwenVideo), typeof(QwenTask))]
    public sealed class NewQwenVideoCommand : QwenCreationCmdlet
    {
        private MediaInput? _image;
        private Lazy<Task<string>>? _imageUrl;

        /// <summary>What the video should show. Piped strings (or objects with a Prompt property) are one video each.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public override string? Prompt { get; set; }

        /// <summary>
        /// The first frame for image-to-video: an http(s) or oss:// URL, or a local picture, which goes through the
        /// temporary upload. Relative paths resolve against the current PowerShell location.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Image { get; set; }

        /// <summary>
        /// The video model (default wan2.2-t2v-plus, or wan2.2-i2v-plus with -Image); tab completion suggests the catalog's
        /// video models, any name is accepted.
        /// </summary>
        [Parameter]
        [ArgumentCompleter(typeof(VideoModelCompleter))]
        [ValidateNotNullOrEmpty]
        public string? Model { get; set; }

        /// <summary>The video's length in seconds (the service's default: 5; some models take 10 or more).</summary>
        [Parameter]
        [ValidateRange(1, 60)]
        public int? Duration { get; set; }

        /// <summary>The frame size as width*height (text-to-video), e.g. 1280*720; tab completion lists the model's sizes.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(VideoSizeCompleter))]
        [ValidateNotNullOrEmpty]
        public string? Size { get; set; }

        /// <summary>The resolution (image-to-video): 480P, 720P or 1080P.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(VideoResolutionCompleter))]
        [ValidateNotNullOrEmpty]
        public string? Resolution { get; set; }

        private string EffectiveModel => Model ?? ModelCatalog.Default.DefaultModel("video", Image == null ? null : "image");

        protected override void BeginProcessing()
        {
            var family = ModelCatalog.Default.Find(EffectiveModel);
            if (family.Kind != "video")
                ThrowTerminatingError(ErrorRecords.InvalidInput("The model catalog does not know " + EffectiveModel + " as a video model; try " +
                                                                ModelCatalog.Default.DefaultModel("video") + ".", "NotAVideoModel", EffectiveModel));
            if (Image != null && !family.Takes("image"))
                ThrowTerminatingError(ErrorRecords.InvalidInput(EffectiveModel + " makes videos from text only; for -Image use an image-to-video model such as " +
                                                                ModelCatalog.Default.DefaultModel("video", "image") + ".", "ImageNotTaken", Image));
            if (Image == null && family.Takes("image"))
                ThrowTerminatingError(ErrorRecords.InvalidInput(EffectiveModel + " animates a picture: give its first frame with -Image.", "ImageMissing", Model));
            if (Size != null && ImageSizes.Normalize(Size) == null)
                ThrowTerminatingError(ErrorRecords.InvalidInput("-Size takes width*height in pixels, e.g. 1280*720, not '" + Size + "'.", "InvalidSize", Size));
            if (Image != null) _image = ResolveImage(Image);
            base.BeginProcessing();
            if (_image != null)
            {
                // One upload for every prompt of the command.
                var resolver = new MediaResolver(new TemporaryUploader(Client), EffectiveModel, UploadMode.Upload);
                var image = _image;
                _imageUrl = new Lazy<Task<string>>(() => resolver.ResolveAsync(image, StopToken));
            }
        }

        /// <summary>A URL as given, or a local picture checked now (it exists, is a picture, fits the upload).</summary>
        private MediaInput ResolveImage(string value)
        {
            try
            {
                if (MediaInput.IsUrl(value)) return MediaInput.FromUrl(MediaKind.Image, value);
                var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(value);
                return MediaInput.FromFile(MediaKind.Image, path, UploadMode.Upload);
            }
            catch (DashScopeException invalid)
            {
                ThrowTerminatingError(ErrorRecords.From(invalid, value));
                throw;
            }
        }

        protected override void ProcessRecord()
        {
            var prompt = Prompt!;
            var model = EffectiveModel;
            if (!ShouldMake(prompt, "Make a video with " + model + (_image == null ? string.Empty : " from " + _image.DisplayName) +
                                    (Downloads.Saves ? " and save it" : string.Empty))) return;
            var client = Client;
            var downloads = Downloads;
            var imageUrl = _imageUrl;
            var imageName = _image?.Value;
            var show = ShowProgress;
            var noWait = NoWait.IsPresent;
            var request = new VideoSynthesisRequest(model) { Size = ImageSizes.Normalize(Size), Resolution = Resolution, Duration = Duration };
            Fill(request, prompt);

            Submit(async (sink, cancellation) =>
            {
                try
                {
                    if (imageUrl != null) request.ImageUrl = await imageUrl.Value.ConfigureAwait(false);
                    if (!(await SubmitAndWaitAsync(sink, request, prompt, noWait, cancellation).ConfigureAwait(false) is { } done)) return;
                    var video = VideoSynthesisRequest.Video(done, model, prompt);
                    if (video == null)
                    {
                        sink.Error(new DashScopeException(DashScopeErrorKind.Protocol, "Task " + done.TaskId + " succeeded but names no video."), done);
                        return;
                    }
                    video.Image = imageName;
                    if (downloads.Saves && video.Url != null)
                    {
                        var progress = show ? new DownloadProgressReporter(sink, "New-QwenVideo") : null;
                        try
                        {
                            video.Path = (await downloads.SaveAsync(client, video.Url, downloads.PathFor(video.TaskId, video.Url, ".mp4"), progress, cancellation).ConfigureAwait(false)).Path;
                        }
                        catch (DashScopeException failure)
                        {
                            // The video is still at its URL for 24 hours: the error carries it.
                            sink.Error(failure, video);
                            return;
                        }
                        finally
                        {
                            progress?.Complete();
                        }
                    }
                    await sink.WriteAsync(video).ConfigureAwait(false);
                }
                catch (DashScopeException failure)
                {
                    sink.Error(failure, prompt);
                }
            });
        }
    }
}
