using System.Collections.Concurrent;

namespace DashScope.TestServer;

/// <summary>What the server received, so tests can compare request bodies and headers with the recordings.</summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<LoggedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, int> _attempts = new();
    private readonly ConcurrentDictionary<string, int> _eventsSent = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _holds = new();
    private readonly ConcurrentDictionary<TaskCompletionSource<LoggedRequest>, Func<LoggedRequest, bool>> _waiters = new();

    public void Add(LoggedRequest request)
    {
        _requests.Enqueue(request);
        foreach (var (waiter, match) in _waiters)
        {
            if (match(request) && _waiters.TryRemove(waiter, out _)) waiter.TrySetResult(request);
        }
    }

    /// <summary>The first logged request that matches, as soon as it arrives (at most <paramref name="timeout"/>).</summary>
    public Task<LoggedRequest> WaitForAsync(Func<LoggedRequest, bool> match, TimeSpan timeout)
    {
        var waiter = new TaskCompletionSource<LoggedRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters[waiter] = match;
        // Registered first, then looked back: a request logged in between is found either way.
        if (_requests.FirstOrDefault(match) is { } logged && _waiters.TryRemove(waiter, out _)) waiter.TrySetResult(logged);
        return waiter.Task.WaitAsync(timeout);
    }

    public IEnumerable<LoggedRequest> For(string? id) =>
        _requests.Where(request => string.IsNullOrEmpty(id) || request.Id == id);

    /// <summary>1 for the first request with this key, 2 for the next, ...</summary>
    public int NextAttempt(string key) => _attempts.AddOrUpdate(key, 1, (_, count) => count + 1);

    public void EventSent(string key, int count) => _eventsSent[key] = count;

    public int EventsSent(string key) => _eventsSent.TryGetValue(key, out var count) ? count : 0;

    public Task WaitForRelease(string key, CancellationToken token) =>
        _holds.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(TimeSpan.FromSeconds(30), token);

    public void Release(string key) =>
        _holds.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public void Clear()
    {
        _requests.Clear();
        _attempts.Clear();
        _eventsSent.Clear();
        _holds.Clear();
    }
}

public sealed class LoggedRequest
{
    public required string Id { get; init; }
    public required string Method { get; init; }
    public required string Path { get; init; }
    public required Dictionary<string, string> Headers { get; init; }
    public required string Body { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
}
