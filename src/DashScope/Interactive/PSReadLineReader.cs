using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using System.Reflection;
using DashScope.Conversations;

namespace DashScope.Interactive
{
    /// <summary>
    /// Reads the prompt of a console conversation with PSReadLine, when the console host has it loaded: its editing keys,
    /// history (Up, Ctrl+R) and multi-line buffer. PSReadLine is reached through its public static API by reflection (the
    /// module does not depend on it). While the conversation runs a few keys are rebound, and restored at the end:
    /// <list type="bullet">
    /// <item><description>Enter sends the text as it is (PSReadLine's own Enter waits for the end of unfinished
    /// PowerShell, so "don't" could not be sent); a line ending in \ and a paste still in progress go on to a new line
    /// of the same message;</description></item>
    /// <item><description>Ctrl+C ends the conversation, Ctrl+D on an empty line leaves it;</description></item>
    /// <item><description>Tab completes command and model names, and falls back to the usual completion.</description></item>
    /// </list>
    /// The prompt function, the token colours and the predictions change too (a message is shown as plain text without
    /// suggestions from the command history, and Ctrl+L draws the conversation's prompt).
    /// Keys bound to a script block of the user's are left alone. Lines go into PSReadLine's history in memory only,
    /// so a conversation is not written to the history file.
    /// </summary>
    internal sealed class PSReadLineReader : IChatLineReader
    {
        private const string TypeName = "Microsoft.PowerShell.PSConsoleReadLine";
        private const string EnterChord = "Enter";
        private const string InterruptChord = "Ctrl+c";
        private const string EndChord = "Ctrl+d";
        private const string TabChord = "Tab";
        private const string PromptFunction = "function:global:prompt";

        private readonly Type _readLine;
        private readonly PSHost _host;
        private readonly Runspace _runspace;
        private readonly EngineIntrinsics _engine;
        private readonly Func<string, int, ChatCompletion?> _complete;
        private readonly List<Action> _restore = new List<Action>();
        // [0] the conversation's prompt while it runs, null after; [1] the user's prompt function (see RedrawWithChatPrompt).
        private readonly object?[] _prompt = { string.Empty, null };
        private Action<ConsoleKeyInfo?, object?>? _tabFallback;
        private string? _acceptedAsIs;
        private bool _endOfInput;
        private bool _interrupted;
        private TabCycle? _cycle;

        private PSReadLineReader(Type readLine, PSHost host, Runspace runspace, EngineIntrinsics engine, Func<string, int, ChatCompletion?> complete)
        {
            _readLine = readLine;
            _host = host;
            _runspace = runspace;
            _engine = engine;
            _complete = complete;
        }

        public string? EndKey => "Ctrl+D";

        /// <summary>A reader when the PSReadLine module is imported in an interactive console host (not redirected), else null.</summary>
        public static PSReadLineReader? TryOpen(PSCmdlet cmdlet, Func<string, int, ChatCompletion?> complete)
        {
            if (!string.Equals(cmdlet.Host.Name, "ConsoleHost", StringComparison.Ordinal)) return null;
            try
            {
                if (Console.IsInputRedirected || Console.IsOutputRedirected) return null;
            }
            catch (Exception)
            {
                return null;
            }
            // An assembly stays loaded after Remove-Module PSReadLine: the module must be imported.
            if (!cmdlet.InvokeCommand.InvokeScript("Get-Module -Name PSReadLine").Any()) return null;
            var type = AppDomain.CurrentDomain.GetAssemblies()
                .Where(assembly => assembly.GetName().Name?.StartsWith("Microsoft.PowerShell.PSReadLine", StringComparison.Ordinal) == true)
                .Select(assembly => assembly.GetType(TypeName, throwOnError: false))
                .FirstOrDefault(found => found != null);
            if (type == null || Runspace.DefaultRunspace == null) return null;
            if (!(cmdlet.GetVariableValue("ExecutionContext") is EngineIntrinsics engine)) return null;
            var reader = new PSReadLineReader(type, cmdlet.Host, Runspace.DefaultRunspace, engine, complete);
            try
            {
                reader.BindKeys();
                reader.KeepHistoryInMemory();
                reader.ShowTextPlain();
                reader.RedrawWithChatPrompt(cmdlet);
            }
            catch (Exception exception) when (exception is TargetInvocationException || exception is MissingMethodException || exception is ArgumentException ||
                                              exception is RuntimeException)
            {
                // A PSReadLine without the API this relies on: restore what was changed and read plain lines.
                reader.Dispose();
                return null;
            }
            return reader;
        }

        public ChatLine Read(string prompt)
        {
            _prompt[0] = prompt;
            _host.UI.Write(prompt);
            var start = _host.UI.RawUI.CursorPosition;
            _acceptedAsIs = null;
            _endOfInput = false;
            _interrupted = false;
            _cycle = null;
            var text = CallReadLine();
            if (_interrupted) return ChatLine.Interrupt;
            if (_endOfInput) return ChatLine.EndOfInput;
            if (_acceptedAsIs != null)
            {
                Echo(start, _acceptedAsIs);
                text = _acceptedAsIs;
            }
            return ChatLine.Of(text ?? string.Empty, morePending: false);
        }

        private string? CallReadLine()
        {
            var withStatus = _readLine.GetMethod("ReadLine", new[] { typeof(Runspace), typeof(EngineIntrinsics), typeof(bool?) });
            var arguments = withStatus != null ? new object?[] { _runspace, _engine, null } : new object?[] { _runspace, _engine };
            var method = withStatus ?? _readLine.GetMethod("ReadLine", new[] { typeof(Runspace), typeof(EngineIntrinsics) })
                         ?? throw new MissingMethodException(TypeName, "ReadLine");
            return (string?)Invoke(method, arguments);
        }

        /// <summary>
        /// Text accepted as it is was cleared from PSReadLine's buffer first (see <see cref="OnEnter"/>): write it back
        /// where it was typed, continuation lines after PSReadLine's continuation prompt.
        /// </summary>
        private void Echo(Coordinates start, string text)
        {
            var raw = _host.UI.RawUI;
            var cursor = raw.CursorPosition;
            raw.CursorPosition = new Coordinates(start.X, Math.Max(0, cursor.Y - 1));
            var continuation = Option("ContinuationPrompt") as string ?? ">> ";
            _host.UI.WriteLine(text.Replace("\n", "\n" + continuation));
        }

        private void OnEnter(ConsoleKeyInfo? key, object? arg)
        {
            GetBufferState(out var text, out var cursor);
            if (text.EndsWith("\\", StringComparison.Ordinal) && cursor == text.Length)
            {
                // A trailing backslash: the message goes on in the next line.
                Call("Replace", text.Length - 1, 1, "\n", null, null);
                return;
            }
            if (PasteInProgress())
            {
                Call("Insert", "\n");
                return;
            }
            Parser.ParseInput(text, out _, out var errors);
            if (errors.Any(error => error.IncompleteInput))
            {
                // PSReadLine would wait for the rest of this "PowerShell" (an open quote or brace): take the text
                // ourselves, accept an empty buffer, and write the text back after the prompt.
                _acceptedAsIs = text;
                Call("Replace", 0, text.Length, string.Empty, null, null);
                Call("AddToHistory", text);
            }
            Call("AcceptLine", key, arg);
        }

        private void OnInterrupt(ConsoleKeyInfo? key, object? arg)
        {
            _interrupted = true;
            Call("CancelLine", key, arg);
        }

        private void OnEnd(ConsoleKeyInfo? key, object? arg)
        {
            GetBufferState(out var text, out _);
            if (text.Length > 0)
            {
                Call("DeleteChar", key, arg);
                return;
            }
            _endOfInput = true;
            Call("AcceptLine", key, arg);
        }

        private void OnTab(ConsoleKeyInfo? key, object? arg)
        {
            GetBufferState(out var text, out var cursor);
            if (_cycle != null && _cycle.Line == text && _cycle.Cursor == cursor)
            {
                _cycle.Next();
            }
            else
            {
                var completion = _complete(text, cursor);
                if (completion == null)
                {
                    _cycle = null;
                    _tabFallback?.Invoke(key, arg);
                    return;
                }
                _cycle = new TabCycle(completion);
            }
            var replacement = _cycle.Current;
            Call("Replace", _cycle.Start, _cycle.Length, replacement, null, null);
            _cycle.Length = replacement.Length;
            GetBufferState(out var line, out var position);
            _cycle.Line = line;
            _cycle.Cursor = position;
        }

        /// <summary>More keys already read or waiting: the Enter is part of a pasted block.</summary>
        private bool PasteInProgress()
        {
            try
            {
                if (Console.KeyAvailable) return true;
            }
            catch (InvalidOperationException)
            {
            }
            // PSReadLine reads ahead whatever is waiting into its own queue, which its public API does not show.
            var singleton = _readLine.GetField("_singleton", BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null);
            var queue = singleton?.GetType().GetField("_queuedKeys", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(singleton) as ICollection;
            return queue != null && queue.Count > 0;
        }

        private void BindKeys()
        {
            Bind(EnterChord, OnEnter, "Send the message as it is; a line ending in \\ goes on.");
            Bind(InterruptChord, OnInterrupt, "End the conversation.");
            Bind(EndChord, OnEnd, "Delete a character; on an empty line, leave the conversation.");
            var tab = Bind(TabChord, OnTab, "Complete commands and model names.");
            if (tab != null) _tabFallback = Handler(tab);
        }

        /// <summary>
        /// Binds <paramref name="chord"/> for the conversation and remembers how to restore it. Returns the function it was
        /// bound to (null when it was unbound); a key bound to a user's script block is not touched.
        /// </summary>
        private string? Bind(string chord, Action<ConsoleKeyInfo?, object?> handler, string description)
        {
            var current = ((IEnumerable)Call("GetKeyHandlers", new object[] { new[] { chord } })!).Cast<object>()
                .FirstOrDefault(entry => !(Property(entry, "Key") ?? string.Empty).StartsWith("<", StringComparison.Ordinal));
            var function = current == null ? null : Property(current, "Function");
            if (function != null && Handler(function) == null) return function;
            Call("SetKeyHandler", new[] { chord }, new Action<ConsoleKeyInfo?, object>(handler), "DashScope" + chord.Replace("+", string.Empty), description);
            var originalDescription = current == null ? null : Property(current, "Description");
            _restore.Add(() =>
            {
                if (function == null) Call("RemoveKeyHandler", new object[] { new[] { chord } });
                else Call("SetKeyHandler", new[] { chord }, new Action<ConsoleKeyInfo?, object>(Handler(function)!), function, originalDescription);
            });
            return function;
        }

        /// <summary>PSReadLine's built-in function of this name as a key handler, or null when there is none.</summary>
        private Action<ConsoleKeyInfo?, object?>? Handler(string function)
        {
            var method = _readLine.GetMethod(function, BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(ConsoleKeyInfo?), typeof(object) }, null);
            if (method == null) return null;
            return (key, arg) => Invoke(method, key, arg);
        }

        /// <summary>
        /// PSReadLine draws the prompt again itself at times (Ctrl+L clears the screen): while the conversation runs the
        /// prompt function gives the conversation's prompt, and the user's comes back at the end. Should putting it back
        /// fail (a stopping pipeline refuses provider calls), the stand-in calls the user's prompt once the conversation is over.
        /// </summary>
        private void RedrawWithChatPrompt(PSCmdlet cmdlet)
        {
            var original = (cmdlet.InvokeCommand.GetCommand("prompt", CommandTypes.Function) as FunctionInfo)?.ScriptBlock;
            _prompt[1] = original;
            var chatPrompt = cmdlet.InvokeCommand.InvokeScript(
                    "param($State) { if ($null -ne $State[0]) { $State[0] } elseif ($State[1]) { & $State[1] } else { \"PS $($executionContext.SessionState.Path.CurrentLocation)> \" } }.GetNewClosure()",
                    false, PipelineResultTypes.None, null, new object[] { _prompt })
                .Select(item => item.BaseObject).OfType<ScriptBlock>().Single();
            var items = cmdlet.SessionState.InvokeProvider.Item;
            items.Set(PromptFunction, chatPrompt);
            _restore.Add(() =>
            {
                _prompt[0] = null;
                if (original != null) items.Set(PromptFunction, original);
                else items.Remove(PromptFunction, false);
            });
        }

        /// <summary>
        /// A message is not PowerShell: while the conversation runs, every token has the default colour, and there are
        /// no predictions (they would offer command lines from the history, which a stray Right arrow would send).
        /// </summary>
        private void ShowTextPlain()
        {
            var options = _readLine.GetMethod("GetOptions", Type.EmptyTypes)?.Invoke(null, null);
            var predictions = options?.GetType().GetProperty("PredictionSource");
            if (predictions != null && predictions.CanWrite && predictions.PropertyType.IsEnum)
            {
                var source = predictions.GetValue(options);
                predictions.SetValue(options, Enum.Parse(predictions.PropertyType, "None"));
                _restore.Add(() => predictions.SetValue(options, source));
            }
            var plain = options?.GetType().GetProperty("DefaultTokenColor")?.GetValue(options);
            if (options == null || plain == null) return;
            foreach (var token in new[] { "Comment", "Keyword", "String", "Operator", "Variable", "Command", "Parameter", "Type", "Number", "Member" })
            {
                var property = options.GetType().GetProperty(token + "Color");
                if (property == null || !property.CanWrite) continue;
                var original = property.GetValue(options);
                property.SetValue(options, plain);
                _restore.Add(() => property.SetValue(options, original));
            }
        }

        private void KeepHistoryInMemory()
        {
            var options = _readLine.GetMethod("GetOptions", Type.EmptyTypes)?.Invoke(null, null);
            var property = options?.GetType().GetProperty("AddToHistoryHandler");
            var optionType = _readLine.Assembly.GetType("Microsoft.PowerShell.AddToHistoryOption", throwOnError: false);
            if (property == null || optionType == null || property.PropertyType != typeof(Func<string, object>)) return;
            var original = (Func<string, object>?)property.GetValue(options);
            var memoryOnly = Enum.Parse(optionType, "MemoryOnly");
            var skip = Enum.Parse(optionType, "SkipAdding");
            Func<string, object> inMemory = line =>
            {
                var decision = original?.Invoke(line);
                return decision is bool keep && !keep || Equals(decision, skip) ? skip : memoryOnly;
            };
            property.SetValue(options, inMemory);
            _restore.Add(() => property.SetValue(options, original));
        }

        private object? Option(string name)
        {
            var options = _readLine.GetMethod("GetOptions", Type.EmptyTypes)?.Invoke(null, null);
            return options?.GetType().GetProperty(name)?.GetValue(options);
        }

        private void GetBufferState(out string text, out int cursor)
        {
            var method = _readLine.GetMethod("GetBufferState", new[] { typeof(string).MakeByRefType(), typeof(int).MakeByRefType() })
                         ?? throw new MissingMethodException(TypeName, "GetBufferState");
            var arguments = new object?[] { null, 0 };
            Invoke(method, arguments);
            text = (string?)arguments[0] ?? string.Empty;
            cursor = (int)arguments[1]!;
        }

        private object? Call(string name, params object?[] arguments)
        {
            var method = _readLine.GetMethods(BindingFlags.Public | BindingFlags.Static)
                .FirstOrDefault(candidate => candidate.Name == name && Fits(candidate.GetParameters(), arguments))
                ?? throw new MissingMethodException(TypeName, name);
            return Invoke(method, arguments);
        }

        private static bool Fits(ParameterInfo[] parameters, object?[] arguments)
        {
            if (parameters.Length != arguments.Length) return false;
            for (var i = 0; i < parameters.Length; i++)
            {
                if (arguments[i] != null && !parameters[i].ParameterType.IsInstanceOfType(arguments[i])) return false;
            }
            return true;
        }

        private static object? Invoke(MethodInfo method, params object?[] arguments)
        {
            try
            {
                return method.Invoke(null, arguments);
            }
            catch (TargetInvocationException invocation) when (invocation.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(invocation.InnerException).Throw();
                throw;
            }
        }

        private static string? Property(object item, string name) => item.GetType().GetProperty(name)?.GetValue(item) as string;

        public void Dispose()
        {
            for (var i = _restore.Count - 1; i >= 0; i--)
            {
                try
                {
                    _restore[i]();
                }
                catch (Exception exception) when (exception is TargetInvocationException || exception is MissingMethodException || exception is ArgumentException ||
                                                  exception is RuntimeException)
                {
                    // Restoring is best effort: a key that cannot be put back keeps the conversation's binding.
                }
            }
            _restore.Clear();
        }

        /// <summary>Repeated Tab presses step through the candidates of one completion.</summary>
        private sealed class TabCycle
        {
            private readonly IReadOnlyList<string> _candidates;
            private int _index;

            public TabCycle(ChatCompletion completion)
            {
                _candidates = completion.Candidates;
                Start = completion.Start;
                Length = completion.Length;
            }

            public int Start { get; }
            public int Length { get; set; }
            public string Line { get; set; } = string.Empty;
            public int Cursor { get; set; }
            public string Current => _candidates[_index];

            public void Next() => _index = (_index + 1) % _candidates.Count;
        }
    }
}
