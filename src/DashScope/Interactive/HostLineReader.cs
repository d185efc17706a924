using System;
using System.Management.Automation.Host;

namespace DashScope.Interactive
{
    /// <summary>
    /// Reads lines with the host's own ReadLine (no PSReadLine, another host, or redirected input). A null line is the
    /// end of input; a line read while more input is already waiting is part of a paste.
    /// </summary>
    internal sealed class HostLineReader : IChatLineReader
    {
        private readonly PSHost _host;

        public HostLineReader(PSHost host)
        {
            _host = host;
        }

        // The console host's ReadLine ignores Ctrl+D; other hosts end their input with a null line.
        public string? EndKey => null;

        public ChatLine Read(string prompt)
        {
            _host.UI.Write(prompt);
            var text = _host.UI.ReadLine();
            return text == null ? ChatLine.EndOfInput : ChatLine.Of(text, MorePending());
        }

        private bool MorePending()
        {
            try
            {
                return _host.UI.RawUI != null && _host.UI.RawUI.KeyAvailable;
            }
            catch (Exception exception) when (exception is NotImplementedException || exception is NotSupportedException ||
                                              exception is InvalidOperationException || exception is HostException ||
                                              exception is System.IO.IOException)
            {
                // Redirected input or a host without keys: every line stands alone.
                return false;
            }
        }

        public void Dispose()
        {
        }
    }
}
