using System;
using System.Globalization;
using DashScope.Execution;
using DashScope.Models;

namespace DashScope.Cmdlets
{
    /// <summary>A worker's download (or audio stream) progress as a progress bar: megabytes so far, of the size when known.</summary>
    internal sealed class DownloadProgressReporter : IProgress<DownloadProgress>
    {
        private readonly IWorkSink _sink;
        private readonly string _activity;
        private readonly string _verb;
        private bool _shown;

        public DownloadProgressReporter(IWorkSink sink, string activity, string verb = "Downloading")
        {
            _sink = sink;
            _activity = activity;
            _verb = verb;
        }

        private int ActivityId => InputProgressIds.For(InputProgressIds.Download, _sink.Index);

        public void Report(DownloadProgress value)
        {
            _shown = true;
            _sink.Progress(new WorkProgress(ActivityId, _activity,
                string.Format(CultureInfo.InvariantCulture, "{0} {1}: {2:N1} MB{3}", _verb, System.IO.Path.GetFileName(value.Path), value.BytesReceived / 1048576.0,
                    value.TotalBytes.HasValue ? string.Format(CultureInfo.InvariantCulture, " of {0:N1} MB", value.TotalBytes.Value / 1048576.0) : string.Empty))
            {
                PercentComplete = value.Percent ?? -1,
            });
        }

        /// <summary>The bar goes (when it was shown at all).</summary>
        public void Complete()
        {
            if (_shown) _sink.Progress(new WorkProgress(ActivityId, _activity, "Done") { Completed = true });
        }
    }
}
