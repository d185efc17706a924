using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Client;
using DashScope.Execution;
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
    public abstract class QwenMediaCmdlet : QwenRequestCmdlet
    {
        /// <summary>The parameter set of -Path (wildcards expand).</summary>
        protected const string PathSet = "Path";

        /// <summary>The parameter set of -LiteralPath (Get-ChildItem output binds there by PSPath).</summary>
        protected const string LiteralPathSet = "LiteralPath";

        private ChatClient? _chat;
        private TemporaryUploader? _uploader;

        /// <summary>
        /// How local files are sent: Auto (inline as a data: URI up to 10 MB encoded, else the temporary upload),
        /// Inline (always a data: URI, up to the service's 20 MB limit) or Upload (always the temporary upload, oss://).
        /// </summary>
        [Parameter]
        public UploadMode UploadMode { get; set; } = UploadMode.Auto;

        /// <summary>
        /// Extra request parameters not modelled as cmdlet parameters, sent as given, e.g. @{ top_k = 50 }.
        /// </summary>
        [Parameter]
        [Alias("Parameters")]
        public Hashtable? AdditionalParameters { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            var client = CreateClient(ResolveSettings());
            _chat = new ChatClient(client);
            _uploader = new TemporaryUploader(client);
        }

        /// <summary>
        /// One media argument → the inputs it names: a URL as is; a path resolved against the PowerShell
        /// location (wildcards expand to every matching file unless <paramref name="literal"/>). Throws a
        /// DashScopeException (InvalidInput) for anything that cannot be sent.
        /// </summary>
        protected IList<MediaInput> ResolveMedia(string? value, MediaKind kind, bool literal, Func<string, MediaKind>? kindOfFile = null)
        {
            var noun = MediaFormats.Noun(kind);
            if (string.IsNullOrWhiteSpace(value)) throw Invalid("An empty " + noun + " path or URL was given.");
            var text = value!.Trim();
            if (MediaInput.IsUrl(text)) return new[] { MediaInput.FromUrl(kind, text) };
            if (text.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
            {
                text = new Uri(text).LocalPath;
                literal = true;
            }
            else if (MediaInput.IsOtherUrl(text))
            {
                throw Invalid("'" + text + "' is a URL the service cannot read. Give an http(s), oss:// or data: URL, or a local path.");
            }

            var paths = new List<string>();
            ProviderInfo provider;
            if (literal || !WildcardPattern.ContainsWildcardCharacters(text))
            {
                paths.Add(SessionState.Path.GetUnresolvedProviderPathFromPSPath(text, out provider, out _));
            }
            else
            {
                try
                {
                    // Directories that match the pattern (an "album.jpg" folder) are not media: skip them.
                    foreach (var match in SessionState.Path.GetResolvedProviderPathFromPSPath(text, out provider))
                    {
                        if (!System.IO.Directory.Exists(match)) paths.Add(match);
                    }
                }
                catch (ItemNotFoundException)
                {
                    provider = null!;
                }
                if (paths.Count == 0)
                {
                    // A name with [ ] is also a wildcard pattern; take it literally when it names a file.
                    var literalPath = SessionState.Path.GetUnresolvedProviderPathFromPSPath(text, out provider, out _);
                    if (!System.IO.File.Exists(literalPath)) throw Invalid("No " + noun + " file matches '" + text + "'.");
                    paths.Add(literalPath);
                }
            }
            if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
                throw Invalid("'" + text + "' is on the " + provider.Name + " drive; give a file system path or a URL.");

            var inputs = new List<MediaInput>(paths.Count);
            foreach (var path in paths) inputs.Add(MediaInput.FromFile(kindOfFile?.Invoke(path) ?? kind, path, UploadMode));
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

        /// <summary>An image part with the per-image options (-MinPixels, -MaxPixels, -EnableRotate).</summary>
        protected static QwenContentPart ImagePart(MediaInput image, int? minPixels, int? maxPixels, bool enableRotate)
        {
            var part = QwenContentPart.Image(image.Value, image.Value);
            part.MinPixels = minPixels;
            part.MaxPixels = maxPixels;
            if (enableRotate) part.EnableRotate = true;
            return part;
        }

        /// <summary>A system message in the multimodal form (its text as a text part).</summary>
        protected static QwenChatMessage SystemMessage(string text) =>
            new QwenChatMessage("system", text) { Parts = new[] { QwenContentPart.FromText(text) } };

        protected static DashScopeException Invalid(string message) => new DashScopeException(DashScopeErrorKind.InvalidInput, message);

        /// <summary>Copies -AdditionalParameters into the request.</summary>
        protected void ApplyAdditionalParameters(ChatRequest request) => PlainValue.CopyInto(AdditionalParameters, request.AdditionalParameters);

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
        /// Queues one request: on a worker, resolves the pending media, then sends (streamed: one record per event,
        /// then the result marked with <paramref name="streamedTypeName"/>), and writes what <paramref name="toResult"/>
        /// makes of the answer (one object, or a sequence to enumerate).
        /// </summary>
        protected void SendMedia(ChatRequest request, IList<PendingPart> pending, bool stream, Func<QwenChatResult, object?> toResult,
            string streamedTypeName, object? errorTarget)
        {
            var chat = _chat!;
            var resolver = new MediaResolver(_uploader!, request.Model, UploadMode);
            Submit(async (sink, cancellation) =>
            {
                var watch = Stopwatch.StartNew();
                try
                {
                    await ResolvePartsAsync(resolver, pending, cancellation).ConfigureAwait(false);
                    if (stream)
                    {
                        await StreamToSinkAsync(chat, request, sink, result =>
                        {
                            result.Duration = watch.Elapsed;
                            return toResult(result);
                        }, streamedTypeName, cancellation).ConfigureAwait(false);
                    }
                    else
                    {
                        var result = await chat.CompleteAsync(request, cancellation).ConfigureAwait(false);
                        result.Duration = watch.Elapsed;
                        var output = toResult(result);
                        if (output is IEnumerable many && !(output is string) && !(output is IDictionary))
                        {
                            foreach (var item in many) await sink.WriteAsync(item).ConfigureAwait(false);
                        }
                        else if (output != null)
                        {
                            await sink.WriteAsync(output).ConfigureAwait(false);
                        }
                    }
                }
                catch (DashScopeException failure)
                {
                    sink.Error(ErrorRecords.From(failure, errorTarget));
                }
            });
        }

        private static async Task ResolvePartsAsync(MediaResolver resolver, IList<PendingPart> pending, CancellationToken cancellation)
        {
            foreach (var item in pending)
            {
                if (item.IsFrameList)
                {
                    var frames = new List<string>(item.Inputs.Count);
                    foreach (var input in item.Inputs) frames.Add(await resolver.ResolveAsync(input, cancellation).ConfigureAwait(false));
                    item.Part.Frames = frames;
                }
                else
                {
                    item.Part.Url = await resolver.ResolveAsync(item.Inputs[0], cancellation).ConfigureAwait(false);
                }
            }
        }
    }
}
