using System.Collections.Concurrent;

namespace DashScope.Tests;

/// <summary>Records reports on the reporting thread, in order (Progress&lt;T&gt; would post them later, in any order).</summary>
internal sealed class SyncProgress<T> : IProgress<T>
{
    private readonly Action<T>? _then;

    public SyncProgress(Action<T>? then = null)
    {
        _then = then;
    }

    public ConcurrentQueue<T> Reports { get; } = new();

    public void Report(T value)
    {
        Reports.Enqueue(value);
        _then?.Invoke(value);
    }
}
