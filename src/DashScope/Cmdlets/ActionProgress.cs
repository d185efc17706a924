using System;

namespace DashScope.Cmdlets
{
    /// <summary>
    /// Progress reported by running an action on the reporting thread at once (System.Progress would post it to a
    /// synchronization context instead).
    /// </summary>
    internal sealed class ActionProgress<T> : IProgress<T>
    {
        private readonly Action<T> _report;

        public ActionProgress(Action<T> report)
        {
            _report = report;
        }

        public void Report(T value) => _report(value);
    }
}
