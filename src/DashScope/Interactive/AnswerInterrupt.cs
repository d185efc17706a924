using System;
using System.Management.Automation.Host;

namespace DashScope.Interactive
{
    /// <summary>
    /// Watches for Ctrl+C while an answer arrives, so that it stops that answer and not the whole conversation. In the
    /// console host Ctrl+C is made an ordinary key for that time (Console.TreatControlCAsInput); otherwise the host would
    /// stop the command. Keys are read through the host's raw UI, so any host that reports keys (a test host too) can
    /// interrupt; other keys typed meanwhile are dropped. Disposing restores the console.
    /// </summary>
    internal sealed class AnswerInterrupt : IDisposable
    {
        private const char ControlC = '\u0003';

        private readonly PSHost _host;
        private readonly bool _restoreConsole;
        private readonly bool _previous;
        private bool _disabled;

        public AnswerInterrupt(PSHost host)
        {
            _host = host;
            if (!string.Equals(host.Name, "ConsoleHost", StringComparison.Ordinal)) return;
            try
            {
                if (Console.IsInputRedirected) return;
                _previous = Console.TreatControlCAsInput;
                Console.TreatControlCAsInput = true;
                _restoreConsole = true;
            }
            catch (Exception exception) when (exception is System.IO.IOException || exception is InvalidOperationException ||
                                              exception is PlatformNotSupportedException)
            {
                // No console to change: Ctrl+C stops the command as usual.
            }
        }

        /// <summary>True when Ctrl+C was pressed since the last call.</summary>
        public bool Pressed()
        {
            if (_disabled) return false;
            try
            {
                var raw = _host.UI.RawUI;
                if (raw == null)
                {
                    _disabled = true;
                    return false;
                }
                var pressed = false;
                while (raw.KeyAvailable)
                {
                    var key = raw.ReadKey(ReadKeyOptions.NoEcho | ReadKeyOptions.IncludeKeyDown | ReadKeyOptions.AllowCtrlC);
                    if (IsControlC(key)) pressed = true;
                }
                return pressed;
            }
            catch (Exception exception) when (exception is NotImplementedException || exception is NotSupportedException ||
                                              exception is InvalidOperationException || exception is HostException ||
                                              exception is System.IO.IOException)
            {
                // A host without keys (redirected input, no raw UI): only the host's own Ctrl+C handling is left.
                _disabled = true;
                return false;
            }
        }

        private static bool IsControlC(KeyInfo key) =>
            key.Character == ControlC ||
            (key.VirtualKeyCode == 'C' && (key.ControlKeyState & (ControlKeyStates.LeftCtrlPressed | ControlKeyStates.RightCtrlPressed)) != 0);

        public void Dispose()
        {
            if (!_restoreConsole) return;
            try
            {
                Console.TreatControlCAsInput = _previous;
            }
            catch (Exception exception) when (exception is System.IO.IOException || exception is InvalidOperationException)
            {
            }
        }
    }
}
