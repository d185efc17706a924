using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Runtime.InteropServices;

namespace DashScope.Interactive
{
    /// <summary>
    /// /copy of a console conversation: Set-Clipboard where the system has a clipboard PowerShell can reach (Windows,
    /// macOS, Linux with xclip); else, in a terminal, the OSC 52 sequence many terminals turn into a clipboard copy; else
    /// a message that there is none. (Without xclip, Set-Clipboard keeps the text inside PowerShell and reports success.)
    /// </summary>
    internal static class ConsoleClipboard
    {
        /// <summary>Copies <paramref name="text"/> and returns what happened, for the user.</summary>
        public static string Copy(PSCmdlet cmdlet, string text)
        {
            var size = text.Length + " characters";
            try
            {
                if (SystemClipboard())
                {
                    SetClipboard(cmdlet, text, terminal: false);
                    return "Copied the last answer (" + size + ") to the clipboard.";
                }
                if (InTerminal(cmdlet) && cmdlet.InvokeCommand.GetCommand("Set-Clipboard", CommandTypes.Cmdlet) is CmdletInfo command &&
                    command.Parameters.ContainsKey("AsOSC52"))
                {
                    SetClipboard(cmdlet, text, terminal: true);
                    return "There is no clipboard tool here (Set-Clipboard needs xclip), so the last answer (" + size +
                           ") went to the terminal as an OSC 52 copy: terminals that allow it (and tmux with set-clipboard on) put it on the clipboard.";
                }
            }
            catch (RuntimeException failure)
            {
                return "The last answer could not be copied: " + failure.Message.TrimEnd('.') + ". After /exit it is the result's Text.";
            }
            return "There is no clipboard here: Set-Clipboard needs xclip on Linux, and this host is not a terminal that could take an OSC 52 copy. " +
                   "After /exit the last answer is the result's Text.";
        }

        private static void SetClipboard(PSCmdlet cmdlet, string text, bool terminal) =>
            cmdlet.InvokeCommand.InvokeScript(
                terminal ? "param($Text) Set-Clipboard -Value $Text -AsOSC52 -ErrorAction Stop" : "param($Text) Set-Clipboard -Value $Text -ErrorAction Stop",
                false, System.Management.Automation.Runspaces.PipelineResultTypes.None, null, text);

        /// <summary>Windows and macOS always have one; elsewhere PowerShell's Set-Clipboard uses xclip.</summary>
        private static bool SystemClipboard()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX)) return true;
            var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
            return path.Split(Path.PathSeparator).Where(folder => folder.Length > 0).Any(folder => File.Exists(Path.Combine(folder, "xclip")));
        }

        private static bool InTerminal(PSCmdlet cmdlet)
        {
            try
            {
                return string.Equals(cmdlet.Host.Name, "ConsoleHost", StringComparison.Ordinal) && cmdlet.Host.UI.SupportsVirtualTerminal && !Console.IsOutputRedirected;
            }
            catch (IOException)
            {
                return false;
            }
        }
    }
}
