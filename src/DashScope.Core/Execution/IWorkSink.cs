using System;
using System.Threading;
using System.Threading.Tasks;

namespace DashScope.Execution
{
    /// <summary>What a worker writes to; everything is queued for the pipeline thread.</summary>
    public interface IWorkSink
    {
        /// <summary>The position of the input item this work is for (0-based).</summary>
        int Index { get; }

        /// <summary>Queues an object; waits (asynchronously) when the consumer is far behind.</summary>
        Task WriteAsync(object value);

        /// <summary>Queues a non-terminating error about <paramref name="target"/> (the exception's partial result wins).</summary>
        void Error(DashScopeException error, object? target);

        void Verbose(string text);

        void Warning(string text);

        /// <summary>Queues a progress update (shown only where a person watches; the cmdlet decides).</summary>
        void Progress(WorkProgress progress);

        /// <summary>
        /// Runs <paramref name="action"/> on the pipeline thread, in this item's turn, and returns its result: for what
        /// only that thread may do (run a PowerShell command, ask the user).
        /// </summary>
        Task<T> InvokeAsync<T>(Func<T> action, CancellationToken cancellationToken);
    }
}
