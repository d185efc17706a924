using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Catalog;
using DashScope.Client;
using DashScope.Completion;
using DashScope.Execution;
using DashScope.Models;
using DashScope.Requests;

namespace DashScope.Cmdlets
{
    /// <summary>Makes pictures from a text prompt with a Qwen-Image or Wan model.</summary>
    /// <remarks>
    /// <para>
    /// New-QwenImage sends each prompt to a picture model and writes one QwenImage per picture: Url (on the service's
    /// result host, kept 24 hours), Path (the saved file, with -OutputFolder or -OutFile), Prompt (the prompt that made
    /// it: the service's extended prompt when prompt extension rewrote it), OriginalPrompt, Model, TaskId, RequestId and
    /// Usage. The default model is qwen-image-plus; tab completion on -Model lists the catalog's picture models.
    /// </para>
    /// <para>
    /// TWO FAMILIES. The qwen-image models answer at once on the multimodal endpoint, one picture per call. The wan and
    /// wanx text-to-image models (wan2.2-t2i-flash, wanx2.1-t2i-turbo, ...) run as async tasks: the command submits the
    /// task, waits for it (polling with backoff; a progress bar at an interactive console) and writes the pictures; they
    /// make up to 4 pictures per prompt (-Count). -NoWait writes the submitted QwenTask instead: Wait-QwenTask picks it
    /// up later. Ctrl+C while waiting stops the waiting only and says how to pick the task up again.
    /// </para>
    /// <para>
    /// OPTIONS. -Size (W*H; 1328*1328 by default for qwen-image, tab completion lists the model's sizes; 1024x1024 is
    /// accepted too), -Count, -NegativePrompt, -Seed, -PromptExtend (on by default at the service; -PromptExtend:$false
    /// turns it off) and -Watermark.
    /// </para>
    /// <para>
    /// SAVING. -OutputFolder downloads every picture into that folder as TASKID_N.png (or REQUESTID_N.png), -OutFile
    /// saves the one picture of a single prompt under that name. Downloads are atomic: a broken download leaves no
    /// file, and an existing file is kept (an error) unless -Force. Pictures cost money: -WhatIf shows what would be
    /// made, and sends nothing.
    /// </para>
    /// </remarks>
    /// <example>
    /// <code>New-QwenImage 'A red panda reading a book under a maple tree, watercolour' -OutputFolder ./pictures</code>
    /// <para>Makes one picture with qwen-image-plus and saves it in ./pictures.</para>
    /// </example>
    /// <example>
    /// <code>New-QwenImage '一只在雪地里奔跑的柴犬' -Model wan2.2-t2i-flash -Count 2 -Size 1280*720 -Seed 42 | Select-Object Index, Prompt, Url</code>
    /// <para>Makes two wide pictures as a task, waits for it, and shows the extended prompt of each.</para>
    /// </example>
    /// <example>
    /// <code>Get-Content ./prompts.txt | New-QwenImage -Model wan2.2-t2i-flash -ThrottleLimit 2 -OutputFolder ./batch -PromptExtend:$false</code>
    /// <para>One picture task per line, two at a time, the prompts taken as they are, every picture saved.</para>
    /// </example>
    /// <example>
    /// <code>New-QwenImage 'A lighthouse in a storm' -OutFile ./lighthouse.png -Force -WhatIf</code>
    /// <para>Shows what would be made and where it would be saved, without sending anything.</para>
    /// </example>
    [Cmdlet(VerbsCommon.New, "QwenImage", SupportsShouldProcess = true)]
    [OutputType(typeof(QwenImage), typeof(QwenTask))]
    public sealed class NewQwenImageCommand : QwenCreationCmdlet
    {
        private ModelFamily? _family;

        /// <summary>What the picture should show. Piped strings (or objects with a Prompt property) are one prompt each.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public override string? Prompt { get; set; }

        /// <summary>The picture model; tab completion suggests the catalog's picture models, any name is accepted.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ImageModelCompleter))]
        [ValidateNotNullOrEmpty]
        public string Model { get; set; } = ModelCatalog.Default.DefaultModel("image");

        /// <summary>The picture size as width*height in pixels (1024x1024 is accepted too); tab completion lists the model's sizes.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ImageSizeCompleter))]
        [ValidateNotNullOrEmpty]
        public string? Size { get; set; }

        /// <summary>How many pictures per prompt (n; default 1): up to 4 for the wan models, 1 for qwen-image. Each is billed.</summary>
        [Parameter]
        [ValidateRange(1, 16)]
        public int? Count { get; set; }

        private bool IsTask => _family!.Endpoint == ModelEndpoint.Task;

        protected override void BeginProcessing()
        {
            _family = ModelCatalog.Default.Find(Model);
            if (_family.Kind != "image")
                ThrowTerminatingError(ErrorRecords.InvalidInput("The model catalog does not know " + Model + " as a picture model; try " +
                                                                ModelCatalog.Default.DefaultModel("image") + " or wan2.2-t2i-flash.", "NotAnImageModel", Model));
            if (Size != null && ImageSizes.Normalize(Size) == null)
                ThrowTerminatingError(ErrorRecords.InvalidInput("-Size takes width*height in pixels, e.g. 1024*1024, not '" + Size + "'.", "InvalidSize", Size));
            if (Count.HasValue && _family.MaxImages.HasValue && Count.Value > _family.MaxImages.Value)
                ThrowTerminatingError(ErrorRecords.InvalidInput(Model + " makes at most " + _family.MaxImages.Value + " picture(s) per prompt; ask for fewer, or pipe the prompt again.", "TooManyImages", Count));
            if (NoWait.IsPresent && !IsTask)
                ThrowTerminatingError(ErrorRecords.InvalidInput(Model + " answers at once, not as a task, so there is nothing to wait for later; use a task model such as wan2.2-t2i-flash with -NoWait.", "NotATaskModel", Model));
            if (OutFile != null && (Count ?? 1) > 1)
                ThrowTerminatingError(ErrorRecords.InvalidInput("-OutFile names one file, but -Count asks for " + Count + " pictures; use -OutputFolder.", "OutputConflict", OutFile));
            base.BeginProcessing();
        }

        protected override void ProcessRecord()
        {
            var prompt = Prompt!;
            var count = Count ?? (IsTask ? 1 : (int?)null);
            if (!ShouldMake(prompt, "Make " + (count ?? 1) + " picture(s) with " + Model + (Downloads.Saves ? " and save them" : string.Empty))) return;
            var client = Client;
            var downloads = Downloads;
            var model = Model;
            var show = ShowProgress;
            var noWait = NoWait.IsPresent;
            var isTask = IsTask;
            var size = ImageSizes.Normalize(Size);
            ImageSynthesisRequest? task = null;
            MultimodalImageRequest? direct = null;
            if (isTask) Fill(task = new ImageSynthesisRequest(model) { Size = size, Count = count }, prompt);
            else Fill(direct = new MultimodalImageRequest(model) { Size = size, Count = count }, prompt);

            Submit(async (sink, cancellation) =>
            {
                try
                {
                    IReadOnlyList<QwenImage> images;
                    if (task != null)
                    {
                        if (!(await SubmitAndWaitAsync(sink, task, prompt, noWait, cancellation).ConfigureAwait(false) is { } done)) return;
                        images = ImageSynthesisRequest.Images(done, model, prompt);
                        foreach (var missing in ImageSynthesisRequest.FailedImages(done)) sink.Error(missing, prompt);
                    }
                    else
                    {
                        if (show) sink.Progress(new WorkProgress(InputProgressIds.For(InputProgressIds.Request, sink.Index), "New-QwenImage", "Making the picture with " + model));
                        images = await client.SendAsync(direct!, cancellation).ConfigureAwait(false);
                        if (show) sink.Progress(new WorkProgress(InputProgressIds.For(InputProgressIds.Request, sink.Index), "New-QwenImage", "Done") { Completed = true });
                    }
                    await WriteImagesAsync(sink, client, downloads, images, cancellation).ConfigureAwait(false);
                }
                catch (DashScopeException failure)
                {
                    sink.Error(failure, prompt);
                }
            });
        }

        private static async Task WriteImagesAsync(IWorkSink sink, DashScopeClient client, ResultDownloads downloads, IReadOnlyList<QwenImage> images, CancellationToken cancellation)
        {
            foreach (var image in images)
            {
                if (downloads.Saves && image.Url != null)
                {
                    var name = (image.TaskId ?? image.RequestId ?? "picture") + "_" + image.Index.ToString(CultureInfo.InvariantCulture);
                    try
                    {
                        image.Path = (await downloads.SaveAsync(client, image.Url, downloads.PathFor(name, image.Url, ".png"), null, cancellation).ConfigureAwait(false)).Path;
                    }
                    catch (DashScopeException failure)
                    {
                        // The picture is still at its URL for 24 hours: the error carries it.
                        sink.Error(failure, image);
                        continue;
                    }
                }
                await sink.WriteAsync(image).ConfigureAwait(false);
            }
        }
    }
}
