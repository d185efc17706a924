namespace DashScope.Models
{
    /// <summary>Where an async task is in its life; the service spells them in upper case (CANCELED with one L).</summary>
    public enum QwenTaskStatus
    {
        Pending,
        Running,
        /// <summary>Paused by the service (named by the official SDKs, never seen in answers).</summary>
        Suspended,
        Succeeded,
        Failed,
        Canceled,
        /// <summary>No such task: the id never existed, or the task ended more than 24 hours ago.</summary>
        Unknown,
    }
}
