namespace DashScope.Execution
{
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

        /// <summary>The object; a <see cref="WorkError"/>, a <see cref="WorkProgress"/> or the text, by <see cref="Kind"/>.</summary>
        public object? Value { get; }

        /// <summary>The position of the input item this belongs to (0-based).</summary>
        public int Index { get; }
    }
}
