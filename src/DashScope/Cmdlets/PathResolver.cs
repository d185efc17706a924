using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation;

namespace DashScope.Cmdlets
{
    /// <summary>-Path (wildcards) and -LiteralPath of a cmdlet as file-system paths of existing files; what is missing or a folder is an error.</summary>
    internal static class PathResolver
    {
        /// <summary>NAME.EXT in the folder, or NAME-2.EXT, NAME-3.EXT, ... when an earlier command took the name.</summary>
        public static string FreeName(string folder, string name, string extension)
        {
            var path = Path.Combine(folder, name + "." + extension);
            for (var n = 2; File.Exists(path); n++) path = Path.Combine(folder, name + "-" + n.ToString(CultureInfo.InvariantCulture) + "." + extension);
            return path;
        }

        /// <summary>The existing files the paths name, in order; each missing path or folder is an error (folderMessage says what to do about a folder).</summary>
        public static IEnumerable<string> Files(PSCmdlet cmdlet, IEnumerable<string>? paths, bool literal, Func<string, string>? folderMessage = null)
        {
            foreach (var item in paths ?? Array.Empty<string>())
            {
                var resolved = new List<string>();
                try
                {
                    if (literal) resolved.Add(cmdlet.GetUnresolvedProviderPathFromPSPath(item));
                    else resolved.AddRange(cmdlet.GetResolvedProviderPathFromPSPath(item, out _));
                }
                catch (Exception exception) when (exception is ItemNotFoundException || exception is ProviderNotFoundException || exception is System.Management.Automation.DriveNotFoundException)
                {
                    cmdlet.WriteError(new ErrorRecord(exception, "DashScope.PathNotFound", ErrorCategory.ObjectNotFound, item));
                    continue;
                }
                foreach (var path in resolved)
                {
                    if (Directory.Exists(path))
                    {
                        var message = folderMessage?.Invoke(path) ?? "'" + path + "' is a folder; give the file, or pipe the folder's files with Get-ChildItem.";
                        cmdlet.WriteError(ErrorRecords.InvalidInput(message, "NotAFile", path));
                        continue;
                    }
                    if (!File.Exists(path))
                    {
                        cmdlet.WriteError(new ErrorRecord(new FileNotFoundException("Cannot find the file '" + path + "'.", path), "DashScope.PathNotFound", ErrorCategory.ObjectNotFound, path));
                        continue;
                    }
                    yield return path;
                }
            }
        }
    }
}
