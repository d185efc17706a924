using System.Collections.Concurrent;
using DashScope.Execution;
using DashScope.Models;
using Xunit;

namespace DashScope.Tests.Execution;

/// <summary>
/// The scheduler's ordering, throttling and hand-over to the pipeline thread. Nothing here sleeps: workers wait on gates
/// the test (or another worker, or the emit callback on the pipeline thread) opens, and every wait is bounded so a
/// broken scheduler fails the test instead of hanging it.
/// </summary>
public class RequestSchedulerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    static RequestSchedulerTests()
    {
        // Each test blocks a thread-pool thread as its pipeline thread (PowerShell's is a thread of its own). With two
        // cores the pool may then have no thread left for the workers and add one only after about half a second.
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), completionPorts);
    }

    private static TaskCompletionSource Gate() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static TaskCompletionSource<T> Gate<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Waits for a gate; a gate that never opens fails the worker (and so the test) instead of hanging it.</summary>
    private static Task Opened(TaskCompletionSource gate, CancellationToken token = default) => gate.Task.WaitAsync(Bound, token);

    /// <summary>
    /// Blocks until <paramref name="task"/> ends, at most <see cref="Bound"/>. The scheduler is driven by a blocking
    /// pipeline thread, and so are these tests: waiting here is what that thread does.
    /// </summary>
    private static void Within(Task task, string what) => Assert.True(task.Wait(Bound), "timed out waiting for " + what);

    private static T Within<T>(Task<T> task, string what)
    {
        Within((Task)task, what);
        return task.Result;
    }

    private static void Ignore(WorkOutput output)
    {
    }

    [Fact]
    public void Ordered_mode_emits_each_input_in_input_order_whatever_finishes_first()
    {
        // The second and third inputs queue their output while the first has none: a drain then emits nothing.
        var laterQueued = new[] { Gate(), Gate() };
        var firstGo = Gate();
        var emitted = new List<string>();
        void Emit(WorkOutput output) => emitted.Add((string)output.Value!);
        using var scheduler = new RequestScheduler(3, ordered: true, CancellationToken.None);

        scheduler.Submit(async (sink, token) =>
        {
            await Opened(firstGo, token);
            await sink.WriteAsync("a1");
            await sink.WriteAsync("a2");
        }, Emit);
        scheduler.Submit(async (sink, token) =>
        {
            await sink.WriteAsync("b1");
            laterQueued[0].SetResult();
        }, Emit);
        scheduler.Submit(async (sink, token) =>
        {
            await sink.WriteAsync("c1");
            laterQueued[1].SetResult();
        }, Emit);
        Within(Task.WhenAll(laterQueued.Select(gate => gate.Task)), "the later inputs' output");
        scheduler.Drain(Emit);
        Assert.Empty(emitted);

        firstGo.SetResult();
        scheduler.CompleteAll(Emit);

        Assert.Equal(["a1", "a2", "b1", "c1"], emitted);
        Assert.Equal(3, scheduler.Completed);
        Assert.Equal(0, scheduler.Failed);
    }

    [Fact]
    public void Unordered_mode_emits_as_soon_as_an_input_has_output()
    {
        // The first input finishes only once the second one's output has been emitted.
        var fastEmitted = Gate();
        var emitted = new List<string>();
        void Emit(WorkOutput output)
        {
            emitted.Add((string)output.Value!);
            if ((string)output.Value! == "fast") fastEmitted.SetResult();
        }
        using var scheduler = new RequestScheduler(3, ordered: false, CancellationToken.None);

        scheduler.Submit(async (sink, token) =>
        {
            await Opened(fastEmitted, token);
            await sink.WriteAsync("slow");
        }, Emit);
        scheduler.Submit((sink, token) => sink.WriteAsync("fast"), Emit);
        scheduler.CompleteAll(Emit);

        Assert.Equal(["fast", "slow"], emitted);
    }

    [Fact]
    public void Never_runs_more_than_the_throttle_limit_at_once()
    {
        // Each worker says it started and waits; the pipeline thread lets workers go two at a time, once both have
        // started. With a limit of two, a third never starts before one of the two ends.
        const int limit = 2;
        var gates = Enumerable.Range(0, 8).Select(_ => Gate()).ToArray();
        var waiting = new List<int>();
        var running = 0;
        var peak = 0;
        var seenRunning = new List<int>();
        void Emit(WorkOutput output)
        {
            seenRunning.Add(Volatile.Read(ref running));
            waiting.Add((int)output.Value!);
            if (waiting.Count < limit) return;
            foreach (var index in waiting) gates[index].SetResult();
            waiting.Clear();
        }
        using var scheduler = new RequestScheduler(limit, ordered: false, CancellationToken.None);

        for (var i = 0; i < gates.Length; i++)
        {
            var index = i;
            scheduler.Submit(async (sink, token) =>
            {
                InterlockedMax(ref peak, Interlocked.Increment(ref running));
                await sink.WriteAsync(index);
                await Opened(gates[index], token);
                Interlocked.Decrement(ref running);
            }, Emit);
            Assert.InRange(scheduler.Running, 0, limit);
        }
        scheduler.CompleteAll(Emit);

        Assert.Equal(limit, peak);
        Assert.All(seenRunning, count => Assert.InRange(count, 1, limit));
        Assert.Equal(8, scheduler.Completed);
        Assert.Equal(0, scheduler.Running);
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
        // The worker writes its second object only once the first one has been emitted.
        var firstEmitted = Gate();
        var emitted = new List<string>();
        void Emit(WorkOutput output)
        {
            emitted.Add((string)output.Value!);
            if ((string)output.Value! == "first") firstEmitted.SetResult();
        }
        using var scheduler = new RequestScheduler(1, ordered: true, CancellationToken.None);
        scheduler.Submit(async (sink, token) =>
        {
            await sink.WriteAsync("first");
            await Opened(firstEmitted, token);
            await sink.WriteAsync("second");
        }, Emit);
        scheduler.CompleteAll(Emit);

        Assert.Equal(["first", "second"], emitted);
    }

    [Fact]
    public void Verbose_and_warning_lines_are_not_held_behind_an_earlier_input()
    {
        // Ordered: the first input's objects come first, but the second input's lines go out while the first still waits.
        var lineEmitted = Gate();
        var emitted = new List<string>();
        void Emit(WorkOutput output)
        {
            emitted.Add(output.Kind + ":" + output.Value + "@" + output.Index);
            if (output.Kind == WorkOutputKind.Warning) lineEmitted.SetResult();
        }
        using var scheduler = new RequestScheduler(2, ordered: true, CancellationToken.None);

        scheduler.Submit(async (sink, token) =>
        {
            await Opened(lineEmitted, token);
            await sink.WriteAsync("a");
        }, Emit);
        scheduler.Submit(async (sink, token) =>
        {
            sink.Verbose("b is busy");
            sink.Warning("b is slow");
            await sink.WriteAsync("b");
        }, Emit);
        scheduler.CompleteAll(Emit);

        Assert.Equal(["Verbose:b is busy@1", "Warning:b is slow@1", "Object:a@0", "Object:b@1"], emitted);
    }

    [Fact]
    public void A_slow_consumer_holds_the_worker_back_instead_of_queueing_without_bound()
    {
        // The worker notes the first write that has to wait. Nothing drains while the test waits for that, so by
        // then exactly ItemCapacity objects are queued.
        var blockedAt = Gate<int>();
        var consumedBeforeBlocking = 0;
        using var scheduler = new RequestScheduler(1, ordered: true, CancellationToken.None);
        scheduler.Submit(async (sink, token) =>
        {
            for (var i = 0; i < RequestScheduler.ItemCapacity * 3; i++)
            {
                var write = sink.WriteAsync(i);
                if (!write.IsCompleted) blockedAt.TrySetResult(i);
                await write;
            }
        }, _ => consumedBeforeBlocking++);

        Assert.Equal(RequestScheduler.ItemCapacity, Within(blockedAt.Task, "the worker never had to wait") - consumedBeforeBlocking);

        var consumed = new List<int>();
        scheduler.CompleteAll(output => consumed.Add((int)output.Value!));
        Assert.Equal(Enumerable.Range(consumedBeforeBlocking, RequestScheduler.ItemCapacity * 3 - consumedBeforeBlocking), consumed);
    }

    [Fact]
    public void Cancelling_stops_the_waiting_thread_and_the_workers()
    {
        using var stop = new CancellationTokenSource();
        var started = 0;
        var allStarted = Gate();
        var cancelled = 0;
        var allCancelled = Gate();
        var scheduler = new RequestScheduler(3, ordered: true, stop.Token);
        for (var i = 0; i < 3; i++)
        {
            scheduler.Submit(async (sink, token) =>
            {
                try
                {
                    if (Interlocked.Increment(ref started) == 3) allStarted.SetResult();
                    await Task.Delay(Timeout.Infinite, token);
                }
                catch (OperationCanceledException)
                {
                    if (Interlocked.Increment(ref cancelled) == 3) allCancelled.SetResult();
                    throw;
                }
            }, Ignore);
        }
        var stopper = Task.Run(async () =>
        {
            await Opened(allStarted);
            stop.Cancel();
        });

        Assert.ThrowsAny<OperationCanceledException>(() => scheduler.CompleteAll(Ignore));
        Assert.ThrowsAny<OperationCanceledException>(() => scheduler.Submit((sink, token) => Task.CompletedTask, Ignore));
        scheduler.Dispose();

        Within(stopper, "the stop");
        Within(allCancelled.Task, "cancelled workers: " + Volatile.Read(ref cancelled));
    }

    [Fact]
    public void A_bug_in_a_worker_surfaces_on_the_pipeline_thread()
    {
        using var scheduler = new RequestScheduler(1, ordered: true, CancellationToken.None);
        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            // It may surface while submitting (the worker failed at once) or while completing.
            scheduler.Submit((sink, token) => throw new NullReferenceException("boom"), Ignore);
            scheduler.CompleteAll(Ignore);
        });
        Assert.Contains("boom", error.Message);
        Assert.IsType<NullReferenceException>(error.InnerException);
    }

    [Fact]
    public void InvokeAsync_runs_on_the_draining_thread_and_returns_the_value_to_the_worker()
    {
        var callingThread = Environment.CurrentManagedThreadId;
        var workerThread = 0;
        var emitted = new List<object?>();
        using var scheduler = new RequestScheduler(1, ordered: true, CancellationToken.None);

        scheduler.Submit(async (sink, token) =>
        {
            await Task.Yield();
            workerThread = Environment.CurrentManagedThreadId;
            var thread = await sink.InvokeAsync(() => Environment.CurrentManagedThreadId, token);
            await sink.WriteAsync(thread);
        }, output => emitted.Add(output.Value));
        scheduler.CompleteAll(output => emitted.Add(output.Value));

        Assert.NotEqual(callingThread, workerThread);
        Assert.Equal([callingThread], emitted);
        Assert.Equal(1, scheduler.Completed);
    }

    [Fact]
    public void InvokeAsync_in_ordered_mode_waits_until_earlier_inputs_are_written()
    {
        // The second input asks for its call before the first input writes anything; the call runs only after the
        // first input's last object is written.
        var callQueued = Gate();
        var a1Emitted = Gate();
        var emitted = new List<string>();
        List<string>? seenByCall = null;
        void Emit(WorkOutput output)
        {
            emitted.Add((string)output.Value!);
            if ((string)output.Value! == "a1") a1Emitted.SetResult();
        }
        using var scheduler = new RequestScheduler(2, ordered: true, CancellationToken.None);

        scheduler.Submit(async (sink, token) =>
        {
            await Opened(callQueued, token);
            await sink.WriteAsync("a1");
            await Opened(a1Emitted, token);
            await sink.WriteAsync("a2");
        }, Emit);
        scheduler.Submit(async (sink, token) =>
        {
            var call = sink.InvokeAsync(() =>
            {
                var snapshot = emitted.ToList();
                seenByCall = snapshot;
                return snapshot;
            }, token);
            callQueued.SetResult();
            var seen = await call;
            await sink.WriteAsync("b saw " + string.Join("+", seen));
        }, Emit);
        scheduler.CompleteAll(Emit);

        Assert.Equal(["a1", "a2"], seenByCall);
        Assert.Equal(["a1", "a2", "b saw a1+a2"], emitted);
    }

    [Fact]
    public void InvokeAsync_in_unordered_mode_does_not_wait_for_earlier_inputs()
    {
        var callRan = Gate();
        var emitted = new List<string>();
        void Emit(WorkOutput output) => emitted.Add((string)output.Value!);
        using var scheduler = new RequestScheduler(2, ordered: false, CancellationToken.None);

        scheduler.Submit(async (sink, token) =>
        {
            await Opened(callRan, token);
            await sink.WriteAsync("a");
        }, Emit);
        scheduler.Submit(async (sink, token) =>
        {
            await sink.InvokeAsync(() =>
            {
                callRan.SetResult();
                return 0;
            }, token);
            await sink.WriteAsync("b");
        }, Emit);
        scheduler.CompleteAll(Emit);

        Assert.Equal(["a", "b"], emitted.Order());
    }

    [Fact]
    public void InvokeAsync_hands_the_functions_exception_to_the_worker_and_the_pipeline_thread()
    {
        var workerSaw = Gate<Exception>();
        var failure = new InvalidOperationException("the command failed");
        using var scheduler = new RequestScheduler(1, ordered: true, CancellationToken.None);

        var thrown = Assert.Throws<InvalidOperationException>(() =>
        {
            scheduler.Submit(async (sink, token) =>
            {
                try
                {
                    await sink.InvokeAsync<int>(() => throw failure, token);
                }
                catch (Exception exception)
                {
                    workerSaw.SetResult(exception);
                }
            }, Ignore);
            scheduler.CompleteAll(Ignore);
        });

        Assert.Same(failure, thrown);
        Assert.Same(failure, Within(workerSaw.Task, "the worker's exception"));
    }

    [Fact]
    public void A_stop_while_a_call_waits_for_its_turn_cancels_the_workers_await_and_the_call_never_runs()
    {
        using var stop = new CancellationTokenSource();
        var callQueued = Gate();
        var workerSaw = Gate<Exception>();
        var ran = false;
        using var scheduler = new RequestScheduler(2, ordered: true, stop.Token);

        // The first input holds the turn until the stop.
        scheduler.Submit((sink, token) => Task.Delay(Timeout.Infinite, token), Ignore);
        scheduler.Submit(async (sink, token) =>
        {
            var call = sink.InvokeAsync(() => ran = true, CancellationToken.None);
            callQueued.SetResult();
            try
            {
                await call;
            }
            catch (Exception exception)
            {
                workerSaw.SetResult(exception);
            }
        }, Ignore);
        var stopper = Task.Run(async () =>
        {
            await Opened(callQueued);
            stop.Cancel();
        });

        Assert.ThrowsAny<OperationCanceledException>(() => scheduler.CompleteAll(Ignore));

        Within(stopper, "the stop");
        Assert.IsAssignableFrom<OperationCanceledException>(Within(workerSaw.Task, "the worker's await did not end"));
        Assert.False(ran);
    }

    [Fact]
    public void Cancelling_the_calls_own_token_cancels_the_workers_await()
    {
        using var callCancel = new CancellationTokenSource();
        var workerSaw = Gate<Exception>();
        var release = Gate();
        var ran = false;
        using var scheduler = new RequestScheduler(2, ordered: true, CancellationToken.None);

        scheduler.Submit(async (sink, token) => await Opened(release, token), Ignore);
        scheduler.Submit(async (sink, token) =>
        {
            var call = sink.InvokeAsync(() => ran = true, callCancel.Token);
            callCancel.Cancel();
            try
            {
                await call;
            }
            catch (Exception exception)
            {
                workerSaw.SetResult(exception);
            }
            release.SetResult();
        }, Ignore);
        scheduler.CompleteAll(Ignore);

        Assert.IsAssignableFrom<OperationCanceledException>(Within(workerSaw.Task, "the worker's await did not end"));
        Assert.False(ran);
        Assert.Equal(2, scheduler.Completed);
    }

    [Fact]
    public void Error_targets_the_partial_result_when_there_is_one_else_the_input()
    {
        var partial = new QwenChatResult { Text = "so far" };
        var broken = new DashScopeException(DashScopeErrorKind.Network, "connection reset") { PartialResult = partial };
        var refused = new DashScopeException(DashScopeErrorKind.InvalidInput, "bad input");
        var emitted = new List<WorkOutput>();
        using var scheduler = new RequestScheduler(2, ordered: true, CancellationToken.None);

        scheduler.Submit((sink, token) =>
        {
            sink.Error(broken, "prompt 0");
            return Task.CompletedTask;
        }, emitted.Add);
        scheduler.Submit((sink, token) =>
        {
            sink.Error(refused, "prompt 1");
            return Task.CompletedTask;
        }, emitted.Add);
        scheduler.CompleteAll(emitted.Add);

        Assert.All(emitted, output => Assert.Equal(WorkOutputKind.Error, output.Kind));
        Assert.Equal([0, 1], emitted.Select(output => output.Index));
        var first = Assert.IsType<WorkError>(emitted[0].Value);
        Assert.Same(broken, first.Exception);
        Assert.Same(partial, first.Target);
        var second = Assert.IsType<WorkError>(emitted[1].Value);
        Assert.Same(refused, second.Exception);
        Assert.Equal("prompt 1", second.Target);
        Assert.Equal(2, scheduler.Failed);
        Assert.Equal(2, scheduler.Completed);
    }

    [Fact]
    public void Progress_is_emitted_in_order_with_the_inputs_objects()
    {
        var progress = new WorkProgress(7, "Working", "half way") { PercentComplete = 50 };
        var emitted = new List<WorkOutput>();
        using var scheduler = new RequestScheduler(2, ordered: true, CancellationToken.None);

        scheduler.Submit(async (sink, token) =>
        {
            await sink.WriteAsync("a1");
            sink.Progress(progress);
            await sink.WriteAsync("a2");
        }, emitted.Add);
        scheduler.Submit(async (sink, token) =>
        {
            sink.Progress(new WorkProgress(7, "Working", "b"));
            await sink.WriteAsync("b1");
        }, emitted.Add);
        scheduler.CompleteAll(emitted.Add);

        Assert.Equal(
            ["Object@0", "Progress@0", "Object@0", "Progress@1", "Object@1"],
            emitted.Select(output => output.Kind + "@" + output.Index));
        Assert.Same(progress, emitted[1].Value);
        Assert.Equal(["a1", "a2", "b1"], emitted.Where(o => o.Kind == WorkOutputKind.Object).Select(o => (string)o.Value!));
        Assert.Equal(0, scheduler.Failed);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
