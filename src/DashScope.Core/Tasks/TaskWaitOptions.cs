using System;

namespace DashScope.Tasks
{
    /// <summary>
    /// How <see cref="TaskClient.WaitAsync"/> polls: at once, then after <see cref="FirstInterval"/>, doubled every third
    /// poll up to <see cref="MaximumInterval"/> (by default 1, 1, 2, 2, 2, 4, 4, 4, 5, 5, … seconds, as the official SDK).
    /// </summary>
    public sealed class TaskWaitOptions
    {
        public TimeSpan FirstInterval { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>The longest pause between two polls (a Retry-After may be longer).</summary>
        public TimeSpan MaximumInterval { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>How long to wait in all; null or zero waits until the task ends or the caller cancels.</summary>
        public TimeSpan? Timeout { get; set; }

        /// <summary>The pause after poll <paramref name="poll"/> (1-based).</summary>
        public TimeSpan IntervalAfter(int poll)
        {
            var doublings = Math.Min(Math.Max(poll, 1) / 3, 30);
            var ticks = FirstInterval.Ticks * Math.Pow(2, doublings);
            return ticks >= MaximumInterval.Ticks ? MaximumInterval : TimeSpan.FromTicks((long)ticks);
        }
    }
}
