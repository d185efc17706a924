namespace DashScope.Execution
{
    /// <summary>A failure of one input's work, and what it concerns (the input, or the partial result).</summary>
    public sealed class WorkError
    {
        public WorkError(DashScopeException exception, object? target)
        {
            Exception = exception;
            Target = target;
        }

        public DashScopeException Exception { get; }

        /// <summary>What the failure concerns: the exception's partial result when there is one, else the input.</summary>
        public object? Target { get; }
    }
}
