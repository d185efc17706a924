using System.Collections.Concurrent;

namespace DashScope.Transport
{
    /// <summary>
    /// Verbose lines produced on any thread; the cmdlet drains them on the pipeline thread.
    /// Every line passes through the key redactor before it is stored.
    /// </summary>
    public sealed class DiagnosticLog
    {
        private readonly ConcurrentQueue<string> _lines = new ConcurrentQueue<string>();
        private readonly ApiKey? _key;

        public DiagnosticLog(ApiKey? key = null)
        {
            _key = key;
        }

        public void Write(string line) => _lines.Enqueue(_key == null ? line : _key.Redact(line));

        public bool TryRead(out string line)
        {
            if (_lines.TryDequeue(out var next))
            {
                line = next;
                return true;
            }
            line = string.Empty;
            return false;
        }
    }
}
