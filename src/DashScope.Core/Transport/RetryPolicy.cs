using System;
using System.Threading;

namespace DashScope.Transport
{
    /// <summary>
    /// Which failures are retried and how long to wait: exponential backoff with jitter from
    /// <see cref="BaseInterval"/>, or the service's Retry-After when it gives one.
    /// </summary>
    public sealed class RetryPolicy
    {
        private static int _seed = Environment.TickCount;
        private static readonly ThreadLocal<Random> Jitter =
            new ThreadLocal<Random>(() => new Random(Interlocked.Increment(ref _seed)));

        public RetryPolicy(int maximumRetryCount, TimeSpan baseInterval)
        {
            if (maximumRetryCount < 0) throw new ArgumentOutOfRangeException(nameof(maximumRetryCount));
            if (baseInterval < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(baseInterval));
            MaximumRetryCount = maximumRetryCount;
            BaseInterval = baseInterval;
        }

        /// <summary>No retries: for callers of the core that do not choose (the cmdlets default to 3).</summary>
        public static RetryPolicy Default { get; } = new RetryPolicy(0, TimeSpan.FromSeconds(5));

        public int MaximumRetryCount { get; }

        public TimeSpan BaseInterval { get; }

        /// <summary>Longest single wait, whatever the backoff or Retry-After says.</summary>
        public TimeSpan MaximumInterval { get; set; } = TimeSpan.FromMinutes(2);

        public static bool IsRetryableStatus(int status) => status == 408 || status == 429 || status >= 500;

        /// <summary>Delay before retry number <paramref name="retry"/> (1-based).</summary>
        public TimeSpan GetDelay(int retry, TimeSpan? retryAfter)
        {
            if (retryAfter.HasValue && retryAfter.Value >= TimeSpan.Zero)
                return retryAfter.Value > MaximumInterval ? MaximumInterval : retryAfter.Value;

            // base * 2^(retry-1), then "equal jitter": half fixed, half random, so workers spread out.
            var exponent = Math.Min(retry - 1, 16);
            var ticks = BaseInterval.Ticks * (double)(1L << exponent);
            ticks = Math.Min(ticks, MaximumInterval.Ticks);
            var jittered = ticks / 2 + Jitter.Value!.NextDouble() * ticks / 2;
            return TimeSpan.FromTicks((long)jittered);
        }
    }
}
