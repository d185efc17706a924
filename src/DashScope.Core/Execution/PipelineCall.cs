using System;
using System.Threading.Tasks;

namespace DashScope.Execution
{
    /// <summary>Work queued by a worker for the pipeline thread; the worker awaits its completion.</summary>
    internal abstract class PipelineCall
    {
        public abstract void Run();
    }

    /// <inheritdoc cref="PipelineCall"/>
    internal sealed class PipelineCall<T> : PipelineCall
    {
        private readonly Func<T> _action;
        private readonly TaskCompletionSource<T> _completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);

        public PipelineCall(Func<T> action)
        {
            _action = action;
        }

        public Task<T> Completion => _completion.Task;

        /// <summary>On the pipeline thread. An exception reaches the worker, and the pipeline thread too (a stop must stop it).</summary>
        public override void Run()
        {
            if (_completion.Task.IsCompleted) return; // cancelled while it waited for its turn
            T result;
            try
            {
                result = _action();
            }
            catch (Exception failure)
            {
                _completion.TrySetException(failure);
                throw;
            }
            _completion.TrySetResult(result);
        }

        public void Cancel() => _completion.TrySetCanceled();
    }
}
