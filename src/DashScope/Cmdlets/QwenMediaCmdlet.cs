using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using System.Linq;
using DashScope.Transport;
using DashScope.Client;
using DashScope.Media;
using DashScope.Models;
using DashScope.Requests;

namespace DashScope.Cmdlets
{
    /// <summary>
    /// Base of the cmdlets that send media (Invoke-QwenVision, ConvertFrom-QwenAudio, Get-QwenOcr): resolves
    /// media arguments (URLs, PowerShell paths with wildcards, piped files) and checks them on the pipeline
    /// thread before anything is sent; on a worker it turns local files into data: URIs or temporary uploads
    /// (one upload policy per input) and sends the request whole or streamed.
    /// </summary>
    public abstract class QwenMediaCmdlet : QwenGenerationCmdlet
    {
        /// <summary>The parameter set of -Path (wildcards expand).</summary>
        protected const string PathSet = "Path";

        /// <summary>The parameter set of -LiteralPath (Get-ChildItem output binds there by PSPath).</summary>
        protected const string LiteralPathSet = "LiteralPath";

        private TemporaryUploader? _uploader;

        /// <summary>
        /// How local files are sent: Auto (inline as a data: URI up to 10 MB encoded, else the temporary upload),
        /// Inline (always a data: URI, up to the service's 20 MB limit) or Upload (always the temporary upload, oss://).
        /// </summary>
        [Parameter]
        public UploadMode UploadMode { get; set; } = UploadMode.Auto;

        protected override void OnSettingsResolved(ConnectionSettings settings)
        {
            base.OnSettingsResolved(settings);
            _uploader = new TemporaryUploader(Client);
        }

        protected IList<MediaInput> ResolveMedia(string? value, MediaKind kind, bool literal, Func<string, MediaKind>? kindOfFile = null)
        {
            var inputs = new List<MediaInput>();
            foreach (var item in MediaPaths.Resolve(SessionState, value, MediaFormats.Noun(kind), literal))
            {
                inputs.Add(MediaInput.IsUrl(item) ? MediaInput.FromUrl(kind, item) : MediaInput.FromFile(kindOfFile?.Invoke(item) ?? kind, item, UploadMode));
            }
            return inputs;
        }

        /// <summary>Resolves a list of arguments (each may expand) into one flat list, in order.</summary>
        protected List<MediaInput> ResolveAll(IEnumerable<string>? values, MediaKind kind, bool literal, Func<string, MediaKind>? kindOfFile = null)
        {
            var inputs = new List<MediaInput>();
            if (values == null) return inputs;
            foreach (var value in values) inputs.AddRange(ResolveMedia(value, kind, literal, kindOfFile));
            return inputs;
        }

        /// <summary>
        /// -Path and -LiteralPath: resolves each value on the pipeline thread (bad input: one error for that value, the
        /// others go on) and hands every file it names to <paramref name="send"/>, one request each.
        /// </summary>
        protected void ForEachFile(string[] values, bool literal, MediaKind kind, Action<MediaInput> send, Func<string, MediaKind>? kindOfFile = null)
        {
            foreach (var value in values)
            {
                IList<MediaInput>? files = null;
                if (!TryPrepare(() => files = ResolveMedia(value, kind, literal, kindOfFile), value)) continue;
                foreach (var file in files!) send(file);
            }
        }

        /// <summary>Image for image files, video for video files (by extension); image when neither (the check then names the image types).</summary>
        protected static MediaKind ImageOrVideo(string path) =>
            MediaFormats.MimeTypeOf(MediaKind.Image, path) == null && MediaFormats.MimeTypeOf(MediaKind.Video, path) != null
                ? MediaKind.Video
                : MediaKind.Image;

        /// <summary>
        /// Runs the pipeline-thread preparation of one input (path resolution, checks); on bad input writes one
        /// non-terminating error for the input and returns false, so nothing is sent for it.
        /// </summary>
        protected bool TryPrepare(Action prepare, object? target)
        {
            try
            {
                prepare();
                return true;
            }
            catch (DashScopeException invalid)
            {
                WriteError(ErrorRecords.From(invalid, target));
            }
            catch (Exception failure) when (failure is SessionStateException || failure is ProviderInvocationException ||
                                            failure is NotSupportedException || failure is ArgumentException ||
                                            failure is System.IO.IOException || failure is UnauthorizedAccessException ||
                                            failure is UriFormatException)
            {
                WriteError(ErrorRecords.From(new DashScopeException(DashScopeErrorKind.InvalidInput, failure.Message, failure), target));
            }
            return false;
        }

        protected static DashScopeException Invalid(string message) => new DashScopeException(DashScopeErrorKind.InvalidInput, message);

        /// <summary>A media part whose URL (or frame URLs) is filled in on the worker, once the files are inline or uploaded.</summary>
        protected sealed class PendingPart
        {
            public PendingPart(QwenContentPart part, IList<MediaInput> inputs, bool frames)
            {
                Part = part;
                Inputs = inputs;
                IsFrameList = frames;
            }

            public QwenContentPart Part { get; }
            public IList<MediaInput> Inputs { get; }
            public bool IsFrameList { get; }
        }

        /// <summary>
        /// Sends <paramref name="request"/> once its media are resolved on a worker: each pending part's input becomes a
        /// data: URI or a temporary upload, and the request goes out with those parts in place (the template is not
        /// changed). <paramref name="present"/> turns the result into what is written.
        /// </summary>
        protected void SendMedia(ChatRequest request, IList<PendingPart> pending, Func<QwenChatResult, object?> present, object? errorTarget)
        {
            var resolver = new MediaResolver(_uploader!, request.Model, UploadMode);
            var watch = Stopwatch.StartNew();
            Send(async (sink, cancellation) => await ResolveAsync(request, resolver, pending, cancellation).ConfigureAwait(false),
                (result, sink) =>
                {
                    // From before the uploads: what the user waited for.
                    result.Duration = watch.Elapsed;
                    return present(result);
                },
                errorTarget);
        }

        private static async Task<ChatRequest> ResolveAsync(ChatRequest request, MediaResolver resolver, IList<PendingPart> pending, CancellationToken cancellation)
        {
            var resolved = new Dictionary<QwenContentPart, QwenContentPart>();
            foreach (var item in pending)
            {
                if (item.IsFrameList)
                {
                    var frames = new List<string>(item.Inputs.Count);
                    foreach (var input in item.Inputs) frames.Add(await resolver.ResolveAsync(input, cancellation).ConfigureAwait(false));
                    resolved[item.Part] = item.Part.WithFrames(frames);
                }
                else
                {
                    resolved[item.Part] = item.Part.WithUrl(await resolver.ResolveAsync(item.Inputs[0], cancellation).ConfigureAwait(false));
                }
            }
            var messages = new List<QwenChatMessage>(request.Messages.Count);
            foreach (var message in request.Messages)
            {
                if (message.Parts == null || !message.Parts.Any(resolved.ContainsKey))
                {
                    messages.Add(message);
                    continue;
                }
                var copy = message.Clone();
                copy.Parts = message.Parts.Select(part => resolved.TryGetValue(part, out var replacement) ? replacement : part).ToList();
                messages.Add(copy);
            }
            return request with { Messages = messages };
        }
    }
}
