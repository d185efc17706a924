using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using DashScope.Client;

namespace DashScope.Tasks
{
    /// <summary>
    /// Polls something the service runs (a task, a batch) until it has ended, on the schedule of
    /// <see cref="TaskWaitOptions"/>. A throttled or transiently failing poll does not end the wait: the next one follows
    /// its Retry-After (held for every call of the client's settings, as after a chat's 429) or the next interval.
    /// The wait's own timeout becomes the caller's timeout error; the caller cancelling stops the waiting only.
    /// </summary>
    internal static class PollLoop
    {
        public static async Task<T> UntilEndedAsync<T>(
            DashScopeClient client,
            string name,
            Func<CancellationToken, Task<T>> poll,
            Func<T, bool> ended,
            TaskWaitOptions options,
            IProgress<T>? progress,
            Func<T?, Exception, DashScopeException> timedOut,
            CancellationToken cancellationToken)
            where T : class
        {
            if (options.FirstInterval <= TimeSpan.Zero || options.MaximumInterval < options.FirstInterval)
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "The first poll interval must be positive and no longer than the longest one.");
            using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                if (options.Timeout.HasValue && options.Timeout.Value > TimeSpan.Zero) limit.CancelAfter(options.Timeout.Value);
                T? last = null;
                try
                {
                    for (var count = 1; ; count++)
                    {
                        TimeSpan pause;
                        try
                        {
                            last = await poll(limit.Token).ConfigureAwait(false);
                            progress?.Report(last);
                            if (ended(last)) return last;
                            pause = options.IntervalAfter(count);
                        }
                        catch (DashScopeException failure) when (failure.IsTransient && !limit.IsCancellationRequested)
                        {
                            pause = failure.RetryAfter ?? options.IntervalAfter(count);
                            if (failure.StatusCode == 429) client.Settings.Backoff.Hold(pause);
                            client.Log.Write(string.Format(CultureInfo.InvariantCulture, "Polling {0} again in {1:0.###} s after: {2}", name, pause.TotalSeconds, failure.Message));
                        }
                        await Task.Delay(pause, limit.Token).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException cancelled) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    // The wait's own limit, not the caller: a timeout naming what was waited for.
                    throw timedOut(last, cancelled);
                }
            }
        }
    }
}
