using System.Threading.Tasks;
using DashScope.Client;
using DashScope.Streaming;

namespace DashScope.Execution
{
    /// <summary>
    /// Turns the events of a chat stream into what a streaming cmdlet writes: one record per event (deep-research
    /// events as research records), and the research phases as progress for a person watching.
    /// </summary>
    public sealed class StreamRecordWriter : IChatStreamObserver
    {
        /// <summary>The progress activity id of deep research.</summary>
        public const int ResearchActivityId = 0x5155;

        private readonly IWorkSink _sink;
        private readonly bool _writeRecords;
        private readonly bool _researchProgress;
        private string? _activity;

        /// <param name="sink">Where records and progress go.</param>
        /// <param name="writeRecords">Write a record per event (-Stream).</param>
        /// <param name="researchProgress">Show deep-research phases as progress.</param>
        public StreamRecordWriter(IWorkSink sink, bool writeRecords, bool researchProgress)
        {
            _sink = sink;
            _writeRecords = writeRecords;
            _researchProgress = researchProgress;
        }

        public bool ShowsAnswer => _writeRecords;

        public Task OnEventAsync(ChatStreamEvent chatEvent)
        {
            var research = chatEvent.Research == null ? null : chatEvent.ToResearchRecord();
            if (research == null) return _writeRecords ? _sink.WriteAsync(chatEvent.ToRecord()) : Task.CompletedTask;
            if (_researchProgress)
            {
                _activity = "Deep research (" + chatEvent.Model + ")";
                var status = (research.Phase ?? "research") + (string.IsNullOrEmpty(research.Status) ? string.Empty : " / " + research.Status);
                _sink.Progress(new WorkProgress(ResearchActivityId, _activity, status) { CurrentOperation = research.Activity });
            }
            return _writeRecords && research.Phase != "KeepAlive" ? _sink.WriteAsync(research) : Task.CompletedTask;
        }

        /// <summary>Ends the progress bar, if one was shown.</summary>
        public void Complete()
        {
            if (_activity == null) return;
            _sink.Progress(new WorkProgress(ResearchActivityId, _activity, "Done") { Completed = true });
            _activity = null;
        }
    }
}
