namespace DashScope.Execution
{
    /// <summary>What a worker queued for the pipeline thread.</summary>
    public enum WorkOutputKind
    {
        /// <summary>An object for the pipeline (record or result).</summary>
        Object,
        /// <summary>A non-terminating error: a <see cref="WorkError"/>.</summary>
        Error,
        /// <summary>A verbose line (text).</summary>
        Verbose,
        /// <summary>A warning (text).</summary>
        Warning,
        /// <summary>A progress update: a <see cref="WorkProgress"/>.</summary>
        Progress,
        /// <summary>Work that must run on the pipeline thread (a tool command, a confirmation); run by the scheduler itself.</summary>
        Invoke,
    }
}
