using System;
using System.Threading;
using System.Threading.Tasks;

namespace DashScope.Transport
{
    /// <summary>
    /// Shared backoff for concurrent requests: when one of them is throttled (429), every request
    /// waits until the time the service asked for before sending again.
    /// </summary>
    public sealed class ThrottleGate
    {
        private long _openAtTicks;

        /// <summary>Keeps the gate closed for at least <paramref name="delay"/> from now.</summary>
        public void Hold(TimeSpan delay)
        {
            var until = DateTime.UtcNow.Add(delay).Ticks;
            long current;
            do
            {
                current = Interlocked.Read(ref _openAtTicks);
                if (current >= until) return;
            }
            while (Interlocked.CompareExchange(ref _openAtTicks, until, current) != current);
        }

        /// <summary>How long a request must still wait.</summary>
        public TimeSpan Remaining
        {
            get
            {
                var wait = Interlocked.Read(ref _openAtTicks) - DateTime.UtcNow.Ticks;
                return wait > 0 ? TimeSpan.FromTicks(wait) : TimeSpan.Zero;
            }
        }

        public async Task WaitAsync(CancellationToken cancellationToken)
        {
            var wait = Remaining;
            while (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                wait = Remaining;
            }
        }
    }
}
