// A PowerShell host for tests: it records every progress record, prompt and line written to it instead of drawing
// them, and answers choice prompts from a script (No when the script runs out). Its input is scripted too: lines that
// ReadLine returns in turn (null when they run out, as at the end of input), lines that arrive together as a paste,
// and Ctrl+C pressed once the screen shows a given text (during an answer). With a console (the default) it has a raw
// UI, so cmdlets treat it as a place where a person watches; without one it is like a host with no screen.
using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

#nullable enable

namespace DashScope.Tests
{
    public sealed class RecordingHost : PSHost
    {
        private readonly RecordingHostUserInterface _ui;
        private readonly Guid _id = Guid.NewGuid();

        public RecordingHost() : this(true)
        {
        }

        public RecordingHost(bool console)
        {
            _ui = new RecordingHostUserInterface(console);
        }

        public List<ProgressRecord> Progress => _ui.Progress;
        public List<string> Lines => _ui.Lines;

        /// <summary>Labels of the choices to pick, in order ("Yes", "No to All", ...).</summary>
        public Queue<string> Answers => _ui.Answers;

        /// <summary>Each choice prompt shown: caption, a line break, the message.</summary>
        public List<string> Prompts => _ui.Prompts;

        /// <summary>Types a line and Enter.</summary>
        public void Type(string line) => _ui.Input.Enqueue(ScriptedInput.Line(line, pasted: false));

        /// <summary>Pastes text: its lines arrive at once, so more input waits while each but the last is read.</summary>
        public void Paste(string text)
        {
            var lines = text.Replace("\r\n", "\n").Split('\n');
            for (var i = 0; i < lines.Length; i++) _ui.Input.Enqueue(ScriptedInput.Line(lines[i], pasted: i < lines.Length - 1));
        }

        /// <summary>Presses Ctrl+C as soon as the text written so far contains <paramref name="whenShown"/> (any time when empty).</summary>
        public void PressCtrlC(string whenShown) => _ui.Input.Enqueue(ScriptedInput.ControlC(whenShown));

        /// <summary>Scripted input not read yet.</summary>
        public int PendingInput => _ui.Input.Count;

        /// <summary>Everything written, joined.</summary>
        public string Screen => _ui.Screen;

        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
        public override Guid InstanceId => _id;
        public override string Name => "RecordingHost";
        public override PSHostUserInterface UI => _ui;
        public override Version Version => new Version(1, 0);
        public override void EnterNestedPrompt() => throw new NotSupportedException();
        public override void ExitNestedPrompt() => throw new NotSupportedException();
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }
        public override void SetShouldExit(int exitCode) { }
    }

    /// <summary>One scripted input: a line (typed or pasted), or Ctrl+C once some text is on the screen.</summary>
    public sealed class ScriptedInput
    {
        private ScriptedInput(string? text, bool pasted, string? whenShown)
        {
            Text = text;
            Pasted = pasted;
            WhenShown = whenShown;
        }

        public string? Text { get; }
        public bool Pasted { get; }
        public string? WhenShown { get; }
        public bool IsControlC => Text == null;

        public static ScriptedInput Line(string text, bool pasted) => new ScriptedInput(text, pasted, null);
        public static ScriptedInput ControlC(string whenShown) => new ScriptedInput(null, false, whenShown ?? string.Empty);
    }

    public sealed class RecordingHostUserInterface : PSHostUserInterface
    {
        private readonly RecordingRawUserInterface? _raw;
        private bool _pasting;

        public RecordingHostUserInterface(bool console)
        {
            _raw = console ? new RecordingRawUserInterface(this) : null;
        }

        public List<ProgressRecord> Progress { get; } = new List<ProgressRecord>();
        public List<string> Lines { get; } = new List<string>();
        public Queue<string> Answers { get; } = new Queue<string>();
        public List<string> Prompts { get; } = new List<string>();
        public Queue<ScriptedInput> Input { get; } = new Queue<ScriptedInput>();

        public string Screen
        {
            get { lock (Lines) return string.Concat(Lines); }
        }

        /// <summary>True while a pasted block is being read, or when a scripted Ctrl+C is due.</summary>
        internal bool KeyAvailable
        {
            get
            {
                lock (Input)
                {
                    if (_pasting) return true;
                    return Input.Count > 0 && Input.Peek().IsControlC && Screen.Contains(Input.Peek().WhenShown!);
                }
            }
        }

        internal KeyInfo ReadKey()
        {
            lock (Input)
            {
                if (Input.Count == 0 || !Input.Peek().IsControlC) throw new InvalidOperationException("The script has no key to press now.");
                Input.Dequeue();
                return new KeyInfo('C', '\u0003', ControlKeyStates.LeftCtrlPressed, true);
            }
        }

        public override PSHostRawUserInterface? RawUI => _raw;

        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
            lock (Progress) Progress.Add(record);
        }

        public override void Write(string value) { lock (Lines) Lines.Add(value); }
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Write(value);
        public override void WriteLine(string value) => Write(value + "\n");
        public override void WriteErrorLine(string value) => Write(value + "\n");
        public override void WriteDebugLine(string message) => Write(message + "\n");
        public override void WriteVerboseLine(string message) => Write(message + "\n");
        public override void WriteWarningLine(string message) => Write(message + "\n");

        public override string? ReadLine()
        {
            lock (Input)
            {
                _pasting = false;
                if (Input.Count == 0) return null;
                var next = Input.Dequeue();
                if (next.IsControlC) throw new InvalidOperationException("The script presses Ctrl+C at a prompt; this host cannot stop a pipeline.");
                _pasting = next.Pasted;
                Write(next.Text + "\n");
                return next.Text;
            }
        }

        public override SecureString ReadLineAsSecureString() => new SecureString();
        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw new NotSupportedException("nobody answers");
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException("nobody answers");
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException("nobody answers");
        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            Prompts.Add(caption + "\n" + message);
            var answer = Answers.Count > 0 ? Answers.Dequeue() : "No";
            for (var i = 0; i < choices.Count; i++)
            {
                if (choices[i].Label.Replace("&", string.Empty) == answer) return i;
            }
            throw new InvalidOperationException("No choice " + answer);
        }
    }

    public sealed class RecordingRawUserInterface : PSHostRawUserInterface
    {
        private readonly RecordingHostUserInterface _ui;

        public RecordingRawUserInterface(RecordingHostUserInterface ui)
        {
            _ui = ui;
        }

        public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
        public override Size BufferSize { get; set; } = new Size(120, 3000);
        public override Coordinates CursorPosition { get; set; }
        public override int CursorSize { get; set; } = 1;
        public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
        public override bool KeyAvailable => _ui.KeyAvailable;
        public override Size MaxPhysicalWindowSize => new Size(120, 50);
        public override Size MaxWindowSize => new Size(120, 50);
        public override Coordinates WindowPosition { get; set; }
        public override Size WindowSize { get; set; } = new Size(120, 50);
        public override string WindowTitle { get; set; } = string.Empty;
        public override void FlushInputBuffer() { }
        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => new BufferCell[0, 0];
        public override KeyInfo ReadKey(ReadKeyOptions options) => _ui.ReadKey();
        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
    }
}
