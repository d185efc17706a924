namespace DashScope.Execution
{
    public enum WorkOutputKind
    {
        /// <summary>An object for the pipeline (record or result).</summary>
        Object,
        /// <summary>A non-terminating error (the cmdlet's error object, built on the worker).</summary>
        Error,
        Verbose,
        Warning,
    }

    /// <summary>Something a worker produced that only the pipeline thread may write.</summary>
    public readonly struct WorkOutput
    {
        public WorkOutput(WorkOutputKind kind, object? value, int index)
        {
            Kind = kind;
            Value = value;
            Index = index;
        }

        public WorkOutputKind Kind { get; }
        public object? Value { get; }

        /// <summary>The position of the input item this belongs to (0-based).</summary>
        public int Index { get; }
    }

    /// <summary>What a worker writes to; everything is queued for the pipeline thread.</summary>
    public interface IWorkSink
    {
        int Index { get; }

        /// <summary>Queues an object; waits (asynchronously) when the consumer is far behind.</summary>
        System.Threading.Tasks.Task WriteAsync(object value);

        void Error(object error);

        void Verbose(string text);

        void Warning(string text);
    }
}
