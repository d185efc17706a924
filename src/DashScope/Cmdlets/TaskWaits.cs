using System;
using DashScope.Tasks;

namespace DashScope.Cmdlets
{
    /// <summary>The poll schedule of the commands that wait for tasks, from their -PollIntervalSec and -TimeoutSec.</summary>
    internal static class TaskWaits
    {
        /// <summary>The official SDK's schedule (1, 1, 2, 2, 2, 4, … capped at 5 s) scaled from the first interval; a larger first interval is its own cap.</summary>
        public static TaskWaitOptions Options(double pollIntervalSec, int timeoutSec) => new TaskWaitOptions
        {
            FirstInterval = TimeSpan.FromSeconds(pollIntervalSec),
            MaximumInterval = TimeSpan.FromSeconds(Math.Max(5, pollIntervalSec)),
            Timeout = timeoutSec > 0 ? TimeSpan.FromSeconds(timeoutSec) : (TimeSpan?)null,
        };
    }
}
