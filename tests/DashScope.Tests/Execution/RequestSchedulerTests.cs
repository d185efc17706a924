using System.Collections.Concurrent;
using DashScope.Execution;
using Xunit;

namespace DashScope.Tests.Execution;

public class RequestSchedulerTests
{
    private static Func<IWorkSink, CancellationToken, Task> Work(int delayMs, params string[] outputs) => async (sink, token) =>
    {
        await Task.Delay(delayMs, token);
        foreach (var output in outputs) await sink.WriteAsync(output);
    };

    [Fact]
    public void Ordered_mode_emits_each_input_in_input_order_whatever_finishes_first()
    {
        var emitted = new List<string>();
        using var scheduler = new RequestScheduler(3, ordered: true, CancellationToken.None);
        scheduler.Submit(Work(300, "a1", "a2"), output => emitted.Add((string)output.Value!));
        scheduler.Submit(Work(10, "b1"), output => emitted.Add((string)output.Value!));
        scheduler.Submit(Work(100, "c1"), output => emitted.Add((string)output.Value!));
        scheduler.CompleteAll(output => emitted.Add((string)output.Value!));

        Assert.Equal(new[] { "a1", "a2", "b1", "c1" }, emitted);
        Assert.Equal(3, scheduler.Completed);
    }

    [Fact]
    public void Unordered_mode_emits_as_soon_as_an_input_finishes()
    {
        var emitted = new List<string>();
        using var scheduler = new RequestScheduler(3, ordered: false, CancellationToken.None);
        void Emit(WorkOutput output) => emitted.Add((string)output.Value!);
        scheduler.Submit(Work(400, "slow"), Emit);
        scheduler.Submit(Work(10, "fast"), Emit);
        scheduler.CompleteAll(Emit);

        Assert.Equal(new[] { "fast", "slow" }, emitted);
    }

    [Fact]
    public void Never_runs_more_than_the_throttle_limit_at_once()
    {
        var running = 0;
        var peak = 0;
        using var scheduler = new RequestScheduler(2, ordered: true, CancellationToken.None);
        for (var i = 0; i < 8; i++)
        {
            scheduler.Submit(async (sink, token) =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                await Task.Delay(30, token);
                Interlocked.Decrement(ref running);
                await sink.WriteAsync("done");
            }, _ => { });
        }
        scheduler.CompleteAll(_ => { });

        Assert.Equal(2, peak);
        Assert.Equal(8, scheduler.Completed);
    }

    [Fact]
    public void Output_is_written_only_on_the_calling_thread_while_work_runs_elsewhere()
    {
        var callingThread = Environment.CurrentManagedThreadId;
        var emitThreads = new ConcurrentBag<int>();
        var workThreads = new ConcurrentBag<int>();
        using var scheduler = new RequestScheduler(4, ordered: false, CancellationToken.None);
        for (var i = 0; i < 6; i++)
        {
            scheduler.Submit(async (sink, token) =>
            {
                await Task.Yield();
                workThreads.Add(Environment.CurrentManagedThreadId);
                for (var n = 0; n < 50; n++) await sink.WriteAsync(n);
                sink.Verbose("verbose from a worker");
            }, _ => emitThreads.Add(Environment.CurrentManagedThreadId));
        }
        scheduler.CompleteAll(_ => emitThreads.Add(Environment.CurrentManagedThreadId));

        Assert.All(emitThreads, thread => Assert.Equal(callingThread, thread));
        Assert.DoesNotContain(callingThread, workThreads);
        Assert.Equal(6 * 51, emitThreads.Count);
    }

    [Fact]
    public void A_streaming_input_is_emitted_live_not_after_it_finishes()
    {
        using var release = new SemaphoreSlim(0);
        var seenBeforeRelease = 0;
        using var scheduler = new RequestScheduler(1, ordered: true, CancellationToken.None);
        scheduler.Submit(async (sink, token) =>
        {
            await sink.WriteAsync("first");
            await release.WaitAsync(token);
            await sink.WriteAsync("second");
        }, _ => { });
        scheduler.CompleteAll(output =>
        {
            if ((string)output.Value! == "first")
            {
                seenBeforeRelease++;
                release.Release();
            }
        });

        Assert.Equal(1, seenBeforeRelease);
    }

    [Fact]
    public void A_slow_consumer_holds_the_worker_back_instead_of_queueing_without_bound()
    {
        var produced = 0;
        using var scheduler = new RequestScheduler(1, ordered: true, CancellationToken.None);
        scheduler.Submit(async (sink, token) =>
        {
            for (var i = 0; i < RequestScheduler.ItemCapacity * 3; i++)
            {
                await sink.WriteAsync(i);
                Interlocked.Increment(ref produced);
            }
        }, _ => { });
        Thread.Sleep(300);

        Assert.InRange(Volatile.Read(ref produced), 1, RequestScheduler.ItemCapacity);
        var consumed = 0;
        scheduler.CompleteAll(_ => consumed++);
        Assert.Equal(RequestScheduler.ItemCapacity * 3, consumed);
    }

    [Fact]
    public void Cancelling_stops_the_waiting_thread_and_the_workers()
    {
        using var stop = new CancellationTokenSource();
        var cancelledWorkers = 0;
        var scheduler = new RequestScheduler(3, ordered: true, stop.Token);
        for (var i = 0; i < 3; i++)
        {
            scheduler.Submit(async (sink, token) =>
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, token);
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref cancelledWorkers);
                    throw;
                }
            }, _ => { });
        }
        stop.CancelAfter(200);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => scheduler.CompleteAll(_ => { }));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), "stopping took " + watch.Elapsed);
        scheduler.Dispose();
        SpinWait.SpinUntil(() => Volatile.Read(ref cancelledWorkers) == 3, TimeSpan.FromSeconds(2));
        Assert.Equal(3, cancelledWorkers);
    }

    [Fact]
    public void A_bug_in_a_worker_surfaces_on_the_pipeline_thread()
    {
        using var scheduler = new RequestScheduler(1, ordered: true, CancellationToken.None);
        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            // It may surface while submitting (the worker failed at once) or while completing.
            scheduler.Submit((sink, token) => throw new NullReferenceException("boom"), _ => { });
            scheduler.CompleteAll(_ => { });
        });
        Assert.Contains("boom", error.Message);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
