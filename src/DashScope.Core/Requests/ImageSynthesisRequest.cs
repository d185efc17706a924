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
    public sealed class ImageSynthesisRequest : CreationRequest<QwenTask>
    {
        public const string SynthesisPath = "services/aigc/text2image/image-synthesis";

        public ImageSynthesisRequest(string model)
            : base(model)
        {
        }

        public override string Path => SynthesisPath;

        /// <summary>The service makes these only as tasks.</summary>
        public override IDictionary<string, string>? Headers => ServiceHeaders.ForTask(ossUrls: false);

        /// <summary>How many pictures (n, 1 to 4; billed per picture; the wan2.x default is 4). Picture k gets seed + k.</summary>
        public int? Count { get; set; }

        /// <summary>wanx-v1 only: &lt;auto&gt;, &lt;photography&gt;, &lt;anime&gt;, &lt;sketch&gt;, ...</summary>
        public string? Style { get; set; }

        protected override string Made => "picture";

        public override void Validate()
        {
            base.Validate();
            if (Count.HasValue && Count.Value < 1)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "At least one picture must be asked for.");
        }

        protected override void WriteInput(Utf8JsonWriter writer)
        {
            writer.WriteString("prompt", Prompt);
            if (!string.IsNullOrEmpty(NegativePrompt)) writer.WriteString("negative_prompt", NegativePrompt);
        }

        protected override void WriteParameters(ParameterWriter parameters)
        {
            parameters.Write("style", Style);
            parameters.Write("n", Count);
            WriteCreationParameters(parameters);
        }

        public override QwenTask Decode(JsonElement root, string? requestId) => QwenTaskDecoder.DecodeSubmitted(root, requestId, Path, Model);

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
