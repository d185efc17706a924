// Helper of Measure-StreamStages.ps1: the cost of handing objects from a worker to the pipeline thread
// through the module's RequestScheduler, with no network and no PowerShell. Compiled on its own, so a
// change of that class's API only skips this stage.
using System;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Execution;
using DashScope.Models;

namespace DashScopeBench
{
    public static class SchedulerStage
    {
        /// <summary>Seconds to pass <paramref name="count"/> records from one worker to the calling thread.</summary>
        public static double Handoff(int count)
        {
            long seen = 0;
            Action<WorkOutput> emit = output => seen++;
            var record = new QwenChatStreamRecord { Text = "a" };
            var watch = System.Diagnostics.Stopwatch.StartNew();
            using (var scheduler = new RequestScheduler(1, true, CancellationToken.None))
            {
                scheduler.Submit(async (sink, token) =>
                {
                    for (var i = 0; i < count; i++) await sink.WriteAsync(record).ConfigureAwait(false);
                }, emit);
                scheduler.CompleteAll(emit);
            }
            if (seen != count) throw new InvalidOperationException("The scheduler handed over " + seen + " of " + count + " records.");
            return watch.Elapsed.TotalSeconds;
        }
    }
}
