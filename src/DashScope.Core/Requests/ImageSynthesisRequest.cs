using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using DashScope.Models;
using DashScope.Tasks;

namespace DashScope.Requests
{
    /// <summary>
    /// Text-to-image of the wan / wanx family, an async task: POST services/aigc/text2image/image-synthesis with
    /// X-DashScope-Async: enable. Sending it returns the PENDING task; once it succeeded, <see cref="Images"/> reads its
    /// pictures (results[].url, with the prompt after extension).
    /// </summary>
    public sealed class ImageSynthesisRequest : ModelRequest<QwenTask>
    {
        public const string SynthesisPath = "services/aigc/text2image/image-synthesis";

        public ImageSynthesisRequest(string model)
            : base(model)
        {
        }

        public override string Path => SynthesisPath;

        /// <summary>The service makes these only as tasks.</summary>
        public override IDictionary<string, string>? Headers => ServiceHeaders.ForTask(ossUrls: false);

        public string Prompt { get; set; } = string.Empty;

        /// <summary>What the pictures should not show (negative_prompt).</summary>
        public string? NegativePrompt { get; set; }

        /// <summary>"W*H", e.g. 1024*1024.</summary>
        public string? Size { get; set; }

        /// <summary>How many pictures (n, 1 to 4; billed per picture; the wan2.x default is 4).</summary>
        public int? Count { get; set; }

        /// <summary>0 to 2147483647; picture k gets seed + k.</summary>
        public int? Seed { get; set; }

        /// <summary>Let the service rewrite the prompt in more detail (prompt_extend; its default: true).</summary>
        public bool? PromptExtend { get; set; }

        /// <summary>Mark the pictures as AI-made (watermark; its default: false).</summary>
        public bool? Watermark { get; set; }

        /// <summary>wanx-v1 only: &lt;auto&gt;, &lt;photography&gt;, &lt;anime&gt;, &lt;sketch&gt;, ...</summary>
        public string? Style { get; set; }

        public override void Validate()
        {
            base.Validate();
            if (string.IsNullOrWhiteSpace(Prompt))
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "No prompt was given: describe the picture to make.");
            if (Count.HasValue && Count.Value < 1)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "At least one picture must be asked for.");
            if (Seed.HasValue && Seed.Value < 0)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "The seed must be 0 to 2147483647.");
            ImageSizes.Check(Size);
        }

        protected override void WriteInput(Utf8JsonWriter writer)
        {
            writer.WriteString("prompt", Prompt);
            if (!string.IsNullOrEmpty(NegativePrompt)) writer.WriteString("negative_prompt", NegativePrompt);
        }

        protected override void WriteParameters(ParameterWriter parameters)
        {
            parameters.Write("style", Style);
            parameters.Write("size", Size);
            parameters.Write("n", Count);
            parameters.Write("seed", Seed);
            parameters.Write("prompt_extend", PromptExtend);
            parameters.Write("watermark", Watermark);
        }

        public override QwenTask Decode(JsonElement root, string? requestId)
        {
            var task = QwenTaskDecoder.DecodeSubmitted(root, requestId, Path);
            task.Model = Model;
            return task;
        }

        /// <summary>
        /// The pictures of a succeeded task, in order: results[] items with a url (items that failed are
        /// <see cref="FailedImages"/>). <paramref name="prompt"/> is what was sent.
        /// </summary>
        public static IReadOnlyList<QwenImage> Images(QwenTask task, string model, string prompt)
        {
            var images = new List<QwenImage>();
            var position = 0;
            foreach (var item in Results(task))
            {
                position++;
                if (!(Text(item, "url") is string url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri)) continue;
                images.Add(new QwenImage
                {
                    Index = position,
                    Url = uri,
                    Prompt = Text(item, "actual_prompt") ?? prompt,
                    OriginalPrompt = Text(item, "orig_prompt") ?? prompt,
                    Model = task.Model ?? model,
                    TaskId = task.TaskId,
                    RequestId = task.RequestId,
                    Usage = task.Usage,
                });
            }
            return images;
        }

        /// <summary>The pictures of a partly failed task that were not made: results[] items with a code and message.</summary>
        public static IReadOnlyList<DashScopeException> FailedImages(QwenTask task)
        {
            var failures = new List<DashScopeException>();
            var position = 0;
            foreach (var item in Results(task))
            {
                position++;
                if (Text(item, "url") != null) continue;
                var code = Text(item, "code") ?? "ImageFailed";
                var message = Text(item, "message");
                failures.Add(new DashScopeException(DashScopeErrorKind.Service,
                    string.Format(CultureInfo.InvariantCulture, "Picture {0} of task {1} was not made: {2}{3}", position, task.TaskId, code,
                        message == null ? string.Empty : ": " + message),
                    null, code, message, task.RequestId));
            }
            return failures;
        }

        private static IEnumerable<IDictionary<string, object?>> Results(QwenTask task)
        {
            if (!task.Output.TryGetValue("results", out var value) || !(value is IList<object?> results)) yield break;
            foreach (var item in results)
            {
                if (item is IDictionary<string, object?> map) yield return map;
            }
        }

        private static string? Text(IDictionary<string, object?> map, string name) =>
            map.TryGetValue(name, out var value) && value is string text && text.Length > 0 ? text : null;
    }
}
