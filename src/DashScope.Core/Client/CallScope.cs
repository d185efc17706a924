using System;
using System.Threading;
using DashScope.Transport;

namespace DashScope.Client
{
    /// <summary>
    /// The cancellation of one call: the caller's token, the whole-call timeout, and an idle timer that
    /// is armed only while waiting on the network.
    /// </summary>
    internal sealed class CallScope : IDisposable
    {
        private readonly CancellationToken _callerToken;
        private readonly CancellationTokenSource _total;
        private readonly TimeSpan _idleTimeout;
        private CancellationTokenSource _idle;

        public CallScope(ConnectionSettings settings, CancellationToken callerToken)
        {
            _callerToken = callerToken;
            _total = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
            if (settings.Timeout.HasValue && settings.Timeout.Value > TimeSpan.Zero) _total.CancelAfter(settings.Timeout.Value);
            _idleTimeout = settings.IdleTimeout;
            _idle = CancellationTokenSource.CreateLinkedTokenSource(_total.Token);
        }

        /// <summary>Cancelled by the caller or by the whole-call timeout.</summary>
        public CancellationToken Token => _total.Token;

        /// <summary><see cref="Token"/>, plus the idle timer.</summary>
        public CancellationToken IdleToken => _idle.Token;

        public bool TimedOut => _total.IsCancellationRequested && !_callerToken.IsCancellationRequested;

        public bool IdleTimedOut => _idle.IsCancellationRequested && !_total.IsCancellationRequested;

        public void ArmIdle()
        {
            if (_idle.IsCancellationRequested && !_total.IsCancellationRequested)
            {
                // A previous attempt timed out; the retry gets a fresh timer.
                _idle.Dispose();
                _idle = CancellationTokenSource.CreateLinkedTokenSource(_total.Token);
            }
            if (_idleTimeout > TimeSpan.Zero) _idle.CancelAfter(_idleTimeout);
        }

        public void DisarmIdle()
        {
            if (!_idle.IsCancellationRequested) _idle.CancelAfter(Timeout.Infinite);
        }

        public void Dispose()
        {
            _idle.Dispose();
            _total.Dispose();
        }
    }
}
