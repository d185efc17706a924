using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DashScope.Execution
{
    /// <summary>
    /// Runs one unit of work per pipeline input with at most N in flight, and hands everything they
    /// produce to the pipeline thread, which alone writes to PowerShell. Ordered mode emits each input's
    /// output in input order (the first input's stream flows live, later ones wait their turn);
    /// unordered mode emits as soon as anything is ready. Verbose and warning lines are never held back.
    /// </summary>
    public sealed class RequestScheduler : IDisposable
    {
        /// <summary>Objects one item may queue before its worker waits for the consumer.</summary>
        public const int ItemCapacity = 1024;

        /// <summary>The longest the pipeline thread sleeps while workers have nothing for it.</summary>
        public const int DefaultIdleMilliseconds = 250;

        private readonly int _throttleLimit;
        private readonly bool _ordered;
        private readonly CancellationTokenSource _cancel;

        // Kept apart from its source: a token stays usable (cancelled) after the source is disposed.
        private readonly CancellationToken _token;
        private readonly SemaphoreSlim _signal = new SemaphoreSlim(0, int.MaxValue);
        private readonly LinkedList<WorkItem> _items = new LinkedList<WorkItem>();
        private readonly System.Collections.Concurrent.ConcurrentQueue<WorkOutput> _immediate = new System.Collections.Concurrent.ConcurrentQueue<WorkOutput>();
        private int _running;
        private int _submitted;
        private int _consumerWaiting;
        private bool _waitingForSlot;

        public RequestScheduler(int throttleLimit, bool ordered, CancellationToken stop)
        {
            if (throttleLimit < 1) throw new ArgumentOutOfRangeException(nameof(throttleLimit));
            _throttleLimit = throttleLimit;
            _ordered = ordered;
            _cancel = CancellationTokenSource.CreateLinkedTokenSource(stop);
            _token = _cancel.Token;
        }

        public int Submitted => _submitted;
        public int Running => Volatile.Read(ref _running);
        public int Completed { get; private set; }
        public int Failed { get; private set; }

        /// <summary>
        /// Starts work for the next input, first draining (on the calling, pipeline, thread) until a slot is free.
        /// </summary>
        public void Submit(Func<IWorkSink, CancellationToken, Task> work, Action<WorkOutput> emit)
        {
            _token.ThrowIfCancellationRequested();
            _waitingForSlot = true;
            try
            {
                while (Volatile.Read(ref _running) >= _throttleLimit)
                {
                    Drain(emit);
                    if (Volatile.Read(ref _running) >= _throttleLimit) Wait();
                }
            }
            finally
            {
                _waitingForSlot = false;
            }

            var item = new WorkItem(this, _submitted++);
            lock (_items) _items.AddLast(item);
            Interlocked.Increment(ref _running);
            var token = _token;
            item.Task = Task.Run(async () =>
            {
                try
                {
                    await work(item, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    // Stopped: the pipeline thread reports the stop itself.
                }
                catch (Exception failure)
                {
                    // Kept before Finish: the task only turns Faulted after this block, too late for the drain to see.
                    item.Fault = failure;
                }
                finally
                {
                    item.Finish();
                    Interlocked.Decrement(ref _running);
                    Signal();
                }
            });
            Drain(emit);
        }

        /// <summary>Emits everything ready now, without waiting.</summary>
        public void Drain(Action<WorkOutput> emit)
        {
            while (_immediate.TryDequeue(out var line)) emit(line);
            while (true)
            {
                WorkItem? item;
                lock (_items)
                {
                    item = FirstReady();
                }
                if (item == null) return;
                while (item.TryTake(out var output))
                {
                    if (output.Kind == WorkOutputKind.Error) Failed++;
                    if (output.Kind == WorkOutputKind.Invoke) ((PipelineCall)output.Value!).Run();
                    else emit(output);
                    while (_immediate.TryDequeue(out var line)) emit(line);
                }
                if (item.IsFinished && item.IsEmpty)
                {
                    lock (_items) _items.Remove(item);
                    Completed++;
                    item.ObserveFault();
                    continue;
                }
                if (_ordered) return;
                // Unordered: this item has nothing more now; look at the others once.
                if (!AnyOtherReady(item)) return;
            }
        }

        /// <summary>
        /// Waits for every submitted item and emits all of it. <paramref name="onIdle"/> runs whenever a worker had
        /// something and at least every <paramref name="idleMilliseconds"/> ms while none has.
        /// </summary>
        public void CompleteAll(Action<WorkOutput> emit, Action? onIdle = null, int idleMilliseconds = DefaultIdleMilliseconds)
        {
            while (true)
            {
                Drain(emit);
                // A stop wins over whatever the cancelled workers left behind.
                _token.ThrowIfCancellationRequested();
                lock (_items)
                {
                    if (_items.Count == 0) break;
                }
                Wait(idleMilliseconds);
                onIdle?.Invoke();
            }
            while (_immediate.TryDequeue(out var line)) emit(line);
        }

        private WorkItem? FirstReady()
        {
            if (_items.Count == 0) return null;
            if (_ordered)
            {
                var head = _items.First!.Value;
                return head.IsEmpty && !head.IsFinished ? null : head;
            }
            foreach (var item in _items)
            {
                if (!item.IsEmpty || item.IsFinished) return item;
            }
            return null;
        }

        private bool AnyOtherReady(WorkItem current)
        {
            lock (_items)
            {
                foreach (var item in _items)
                {
                    if (!ReferenceEquals(item, current) && (!item.IsEmpty || item.IsFinished)) return true;
                }
            }
            return false;
        }

        /// <summary>
        /// Sleeps until a worker has something. Workers signal only when this thread says it is waiting, so a
        /// busy stream costs no wake-up per event.
        /// </summary>
        private void Wait(int timeoutMilliseconds = DefaultIdleMilliseconds)
        {
            Volatile.Write(ref _consumerWaiting, 1);
            if (HasWork())
            {
                Volatile.Write(ref _consumerWaiting, 0);
                return;
            }
            // Short timeout: a safety net only.
            _signal.Wait(timeoutMilliseconds, _token);
            Volatile.Write(ref _consumerWaiting, 0);
        }

        private bool HasWork()
        {
            if (!_immediate.IsEmpty) return true;
            if (Volatile.Read(ref _running) < _throttleLimit && _throttleLimit > 0 && _waitingForSlot) return true;
            lock (_items)
            {
                if (_items.Count == 0) return true;
                return FirstReady() != null;
            }
        }

        private void Signal()
        {
            if (Interlocked.Exchange(ref _consumerWaiting, 0) == 1) _signal.Release();
        }

        public void Dispose()
        {
            _cancel.Cancel();
            _cancel.Dispose();
        }

        private sealed class WorkItem : IWorkSink
        {
            private readonly RequestScheduler _owner;
            private readonly System.Collections.Concurrent.ConcurrentQueue<WorkOutput> _outputs = new System.Collections.Concurrent.ConcurrentQueue<WorkOutput>();
            private readonly SemaphoreSlim _capacity = new SemaphoreSlim(ItemCapacity, ItemCapacity);
            private volatile bool _finished;

            public WorkItem(RequestScheduler owner, int index)
            {
                _owner = owner;
                Index = index;
            }

            public int Index { get; }
            public Task? Task { get; set; }
            public bool IsFinished => _finished;
            public bool IsEmpty => _outputs.IsEmpty;

            public Task WriteAsync(object value)
            {
                // Fast path: room in the queue, no await machinery.
                if (_capacity.Wait(0))
                {
                    Enqueue(new WorkOutput(WorkOutputKind.Object, value, Index));
                    return Task.CompletedTask;
                }
                return WriteWhenRoomAsync(value);
            }

            private async Task WriteWhenRoomAsync(object value)
            {
                await _capacity.WaitAsync(_owner._token).ConfigureAwait(false);
                Enqueue(new WorkOutput(WorkOutputKind.Object, value, Index));
            }

            public void Error(DashScopeException error, object? target) =>
                Enqueue(new WorkOutput(WorkOutputKind.Error, new WorkError(error, error.PartialResult ?? target), Index));

            public void Progress(WorkProgress progress) => Enqueue(new WorkOutput(WorkOutputKind.Progress, progress, Index));

            public async Task<T> InvokeAsync<T>(Func<T> action, CancellationToken cancellationToken)
            {
                var call = new PipelineCall<T>(action);
                Enqueue(new WorkOutput(WorkOutputKind.Invoke, call, Index));
                // A stop while the call waits for its turn: the worker goes on (and ends), the pipeline thread never runs it.
                using (cancellationToken.Register(state => ((PipelineCall<T>)state!).Cancel(), call))
                using (_owner._token.Register(state => ((PipelineCall<T>)state!).Cancel(), call))
                {
                    return await call.Completion.ConfigureAwait(false);
                }
            }

            public void Verbose(string text)
            {
                _owner._immediate.Enqueue(new WorkOutput(WorkOutputKind.Verbose, text, Index));
                _owner.Signal();
            }

            public void Warning(string text)
            {
                _owner._immediate.Enqueue(new WorkOutput(WorkOutputKind.Warning, text, Index));
                _owner.Signal();
            }

            public bool TryTake(out WorkOutput output)
            {
                if (!_outputs.TryDequeue(out output)) return false;
                if (output.Kind == WorkOutputKind.Object) _capacity.Release();
                return true;
            }

            public void Finish() => _finished = true;

            /// <summary>An exception that escaped the work, if any (a bug, not a service error: those are written as errors).</summary>
            public Exception? Fault { get; set; }

            public void ObserveFault()
            {
                var fault = Fault;
                if (fault != null && !(fault is OperationCanceledException))
                {
                    throw new InvalidOperationException("A request worker failed unexpectedly: " + fault.Message, fault);
                }
            }

            private void Enqueue(WorkOutput output)
            {
                _outputs.Enqueue(output);
                _owner.Signal();
            }
        }
    }
}
