namespace DashScope.Models
{
    /// <summary>Where a Batch API job is in its life (the service spells them validating, in_progress, ...).</summary>
    public enum QwenBatchStatus
    {
        /// <summary>The input file is being checked.</summary>
        Validating,
        InProgress,
        /// <summary>All lines ran; the output and error files are being written.</summary>
        Finalizing,
        Completed,
        /// <summary>The input failed validation (Errors says which line and why); nothing ran.</summary>
        Failed,
        /// <summary>The completion window passed; lines not run were not billed.</summary>
        Expired,
        Cancelling,
        Cancelled,
        /// <summary>A status this client does not know.</summary>
        Unknown,
    }
}
