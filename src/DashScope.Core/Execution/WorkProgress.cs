namespace DashScope.Execution
{
    /// <summary>A progress update for a person watching: the cmdlet shows it as a progress bar.</summary>
    public sealed class WorkProgress
    {
        public WorkProgress(int activityId, string activity, string status)
        {
            ActivityId = activityId;
            Activity = activity;
            Status = status;
        }

        public int ActivityId { get; }
        public string Activity { get; }
        public string Status { get; }

        /// <summary>What is happening now, under the status line.</summary>
        public string? CurrentOperation { get; set; }

        /// <summary>0 to 100, or -1 when unknown.</summary>
        public int PercentComplete { get; set; } = -1;

        /// <summary>-1 when unknown.</summary>
        public int SecondsRemaining { get; set; } = -1;

        /// <summary>The activity is over: the bar disappears.</summary>
        public bool Completed { get; set; }
    }
}
