using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation.Host;
using DashScope.Models;

namespace DashScope.Cmdlets
{
    /// <summary>
    /// The tasks a command is waiting for. Stopping (Ctrl+C) stops only the waiting: the tasks go on at the service, so
    /// the person is told how to pick them up again.
    /// </summary>
    internal sealed class WaitingTasks
    {
        private readonly List<string> _ids = new List<string>();

        public void Add(string taskId)
        {
            lock (_ids)
            {
                if (!_ids.Contains(taskId)) _ids.Add(taskId);
            }
        }

        public void Remove(string taskId)
        {
            lock (_ids) _ids.Remove(taskId);
        }

        /// <summary>From StopProcessing (another thread, the pipeline about to stop): says which tasks go on, and how to wait for them again.</summary>
        public void ReportStopped(PSHost? host)
        {
            string[] ids;
            lock (_ids) ids = _ids.ToArray();
            if (ids.Length == 0 || host?.UI == null) return;
            try
            {
                host.UI.WriteWarningLine(StoppedMessage(ids));
            }
            catch (Exception)
            {
                // A host without a screen: nobody to tell.
            }
        }

        public static string StoppedMessage(IReadOnlyList<string> ids) =>
            "Stopped waiting. DashScope goes on with " + (ids.Count == 1 ? "task " + ids[0] : ids.Count + " tasks") +
            " (kept for 24 hours after it ends). Pick " + (ids.Count == 1 ? "it" : "them") + " up again with: Wait-QwenTask -Id " + string.Join(", ", ids);

        /// <summary>"Task 9e2b…: RUNNING, 12 s (1/4 succeeded)" for a progress bar.</summary>
        public static string Describe(string taskId, QwenTask? last, TimeSpan elapsed) =>
            string.Format(CultureInfo.InvariantCulture, "Task {0}: {1}, {2:0} s{3}", taskId,
                last == null ? "submitted" : last.StatusText ?? last.Status.ToString().ToUpperInvariant(), elapsed.TotalSeconds,
                last?.Metrics == null || last.Metrics.Total == 0 ? string.Empty : " (" + last.Metrics + ")");
    }
}
