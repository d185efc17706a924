using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using DashScope.Models;
using DashScope.Tasks;

namespace DashScope.Requests
{
    /// <summary>
    /// Text-to-video and image-to-video of the wan family, an async task: POST
    /// services/aigc/video-generation/video-synthesis with X-DashScope-Async: enable (and
    /// X-DashScope-OssResourceResolve when the first frame is a temporary upload). Sending it returns the PENDING task;
    /// once it succeeded, <see cref="Video"/> reads output.video_url.
    /// </summary>
    public sealed class VideoSynthesisRequest : CreationRequest<QwenTask>
    {
        public const string SynthesisPath = "services/aigc/video-generation/video-synthesis";

        public VideoSynthesisRequest(string model)
            : base(model)
        {
        }

        public override string Path => SynthesisPath;

        public override IDictionary<string, string>? Headers => ServiceHeaders.ForTask(ServiceHeaders.IsOss(ImageUrl));

        /// <summary>The first frame for image-to-video (img_url): an http(s) or oss:// URL, or a data: URI.</summary>
        public string? ImageUrl { get; set; }

        /// <summary>480P, 720P or 1080P (image-to-video).</summary>
        public string? Resolution { get; set; }

        /// <summary>Seconds of video (the service's default: 5).</summary>
        public int? Duration { get; set; }

        protected override string Made => "video";

        protected override bool HasOtherInput => !string.IsNullOrEmpty(ImageUrl);

        public override void Validate()
        {
            base.Validate();
            if (Duration.HasValue && Duration.Value < 1)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "The duration must be at least one second.");
        }

        protected override void WriteInput(Utf8JsonWriter writer)
        {
            if (!string.IsNullOrEmpty(Prompt)) writer.WriteString("prompt", Prompt);
            if (!string.IsNullOrEmpty(NegativePrompt)) writer.WriteString("negative_prompt", NegativePrompt);
            if (!string.IsNullOrEmpty(ImageUrl)) writer.WriteString("img_url", ImageUrl);
        }

        protected override void WriteParameters(ParameterWriter parameters)
        {
            parameters.Write("resolution", Resolution);
            parameters.Write("duration", Duration);
            WriteCreationParameters(parameters);
        }

        public override QwenTask Decode(JsonElement root, string? requestId) => QwenTaskDecoder.DecodeSubmitted(root, requestId, Path, Model);

        /// <summary>The video of a succeeded task (output.video_url), or null when it names none.</summary>
        public static QwenVideo? Video(QwenTask task, string model, string prompt)
        {
            if (!task.Output.TryGetValue("video_url", out var value) || !(value is string url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri)) return null;
            double? seconds = null;
            if (task.Usage != null)
            {
                foreach (var name in new[] { "output_video_duration", "video_duration", "duration" })
                {
                    if (task.Usage.Details.TryGetValue(name, out var number) && number != null && !(number is string))
                    {
                        seconds = Convert.ToDouble(number, CultureInfo.InvariantCulture);
                        break;
                    }
                }
            }
            return new QwenVideo
            {
                Url = uri,
                Prompt = Text(task, "actual_prompt") ?? prompt,
                OriginalPrompt = Text(task, "orig_prompt") ?? prompt,
                Model = task.Model ?? model,
                TaskId = task.TaskId,
                RequestId = task.RequestId,
                Seconds = seconds,
                Usage = task.Usage,
            };
        }

        private static string? Text(QwenTask task, string name) =>
            task.Output.TryGetValue(name, out var value) && value is string text && text.Length > 0 ? text : null;
    }
}
