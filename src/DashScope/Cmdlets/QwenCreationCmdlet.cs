using System;
using System.Collections;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Client;
using DashScope.Execution;
using DashScope.Models;
using DashScope.Requests;

namespace DashScope.Cmdlets
{
    /// <summary>
    /// Base of the cmdlets that make pictures and videos from prompts: the parameters they share, the output checks
    /// (-OutputFolder or -OutFile, -NoWait saves nothing, one prompt per -OutFile), submitting a task and waiting for
    /// it, and the downloads.
    /// </summary>
    public abstract class QwenCreationCmdlet : QwenRequestCmdlet
    {
        private DashScopeClient? _client;
        private TaskWaiter? _waiter;
        private ResultDownloads? _downloads;
        private int _prompts;

        /// <summary>What to make. Piped strings (or objects with a Prompt property) are one prompt each.</summary>
        public abstract string? Prompt { get; set; }

        /// <summary>What the picture or video should not show (negative_prompt).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? NegativePrompt { get; set; }

        /// <summary>Random seed, 0 to 2147483647: the same seed and prompt make similar results (of several pictures from one task, picture k gets seed + k).</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? Seed { get; set; }

        /// <summary>Let the service rewrite the prompt in more detail (prompt_extend; on at the service unless -PromptExtend:$false).</summary>
        [Parameter]
        public SwitchParameter PromptExtend { get; set; }

        /// <summary>Mark what is made as AI-generated (watermark; off at the service).</summary>
        [Parameter]
        public SwitchParameter Watermark { get; set; }

        /// <summary>Downloads everything made into this folder (created when missing): pictures as TASKID_N.png (or REQUESTID_N.png), videos as TASKID.mp4.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutputFolder { get; set; }

        /// <summary>Saves what a single prompt makes under this file name.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutFile { get; set; }

        /// <summary>Replaces existing files with -OutputFolder or -OutFile (they are kept, with an error, otherwise).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Writes the submitted task instead of waiting for it; Wait-QwenTask waits for it later.</summary>
        [Parameter]
        public SwitchParameter NoWait { get; set; }

        /// <summary>
        /// Seconds between the first polls of a task (default 1); the interval doubles every third poll up to 5 seconds,
        /// or up to this value when it is larger.
        /// </summary>
        [Parameter]
        [ValidateRange(0.05, 3600.0)]
        public double PollIntervalSec { get; set; } = 1;

        /// <summary>
        /// Request parameters the cmdlet has no parameter for, sent as given in the parameters of the request, for example
        /// @{ style = '&lt;watercolor&gt;' } for wanx-v1 or @{ audio = $false } for a video. A key here overrides the
        /// matching cmdlet parameter.
        /// </summary>
        [Parameter]
        [Alias("Parameters")]
        public Hashtable? AdditionalParameters { get; set; }

        internal DashScopeClient Client => _client ?? throw new InvalidOperationException("BeginProcessing has not run.");

        internal ResultDownloads Downloads => _downloads ?? throw new InvalidOperationException("BeginProcessing has not run.");

        /// <summary>True where a person watches: progress bars for waits and downloads.</summary>
        internal bool ShowProgress { get; private set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (OutputFolder != null && OutFile != null)
                ThrowTerminatingError(ErrorRecords.InvalidInput("Give -OutputFolder or -OutFile, not both.", "OutputConflict", OutFile));
            if (NoWait.IsPresent && (OutputFolder != null || OutFile != null))
                ThrowTerminatingError(ErrorRecords.InvalidInput("-NoWait writes the task at once, so nothing can be saved yet: wait for it with Wait-QwenTask, then download its ResultUrls.", "NoWaitConflict", null));
            _downloads = new ResultDownloads(OutputFolder == null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutputFolder),
                OutFile == null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutFile), Force.IsPresent);
            _client = CreateClient(ResolveSettings());
            ShowProgress = IsInteractiveHost();
            _waiter = CreateTaskWaiter(_client, PollIntervalSec, ShowProgress);
        }

        /// <summary>ShouldProcess for one prompt, and -OutFile's one prompt: false when this prompt is not to be made.</summary>
        protected bool ShouldMake(string prompt, string action)
        {
            if (!ShouldProcess(prompt, action)) return false;
            if (Downloads.SingleFile && ++_prompts > 1)
            {
                WriteError(ErrorRecords.InvalidInput("-OutFile names one file, but a second prompt was piped; use -OutputFolder.", "OutputConflict", prompt));
                return false;
            }
            return true;
        }

        /// <summary>Sets the shared parameters as bound (a switch not given stays unset: the service's default).</summary>
        protected void Fill<TResponse>(CreationRequest<TResponse> request, string prompt)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            request.Prompt = prompt;
            request.NegativePrompt = NegativePrompt;
            request.Seed = Seed;
            request.PromptExtend = BoundSwitch(nameof(PromptExtend), PromptExtend);
            request.Watermark = BoundSwitch(nameof(Watermark), Watermark);
            PowerShellValue.CopyInto(AdditionalParameters, request.AdditionalParameters);
        }

        private bool? BoundSwitch(string name, SwitchParameter value) =>
            MyInvocation.BoundParameters.ContainsKey(name) ? value.IsPresent : (bool?)null;

        /// <summary>
        /// From a worker: submits the task and, unless -NoWait (then the task is written), waits for it. Null when there is
        /// nothing more to do: written with -NoWait, or failed (written as an error about the prompt).
        /// </summary>
        internal async Task<QwenTask?> SubmitAndWaitAsync(IWorkSink sink, ServiceRequest<QwenTask> request, string prompt, bool noWait, CancellationToken cancellation)
        {
            var task = await Client.SendAsync(request, cancellation).ConfigureAwait(false);
            if (noWait)
            {
                await sink.WriteAsync(task).ConfigureAwait(false);
                return null;
            }
            return await _waiter!.WaitAsync(sink, task, prompt, cancellation).ConfigureAwait(false);
        }
    }
}
