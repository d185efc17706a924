using System;
using System.IO;
using System.Threading.Tasks;

namespace DashScope.Client
{
    /// <summary>
    /// A file written whole or not at all: the bytes go to a temporary file beside the target, renamed to it once
    /// complete (an atomic replace when overwriting); a failure deletes the temporary file and leaves the target as it was.
    /// </summary>
    internal sealed class AtomicFile
    {
        private AtomicFile(string target, string temporary, bool overwrite)
        {
            Target = target;
            Temporary = temporary;
            Overwrite = overwrite;
        }

        /// <summary>The full path the file will have.</summary>
        public string Target { get; }

        /// <summary>Where the bytes are written until <see cref="Commit"/>.</summary>
        public string Temporary { get; }

        public bool Overwrite { get; }

        /// <summary>
        /// Checks the target (a file path, not a folder; an existing file only with <paramref name="overwrite"/>), creates
        /// its folder and names the temporary file. Nothing is written yet.
        /// </summary>
        public static AtomicFile Prepare(string targetPath, bool overwrite, string what)
        {
            if (string.IsNullOrWhiteSpace(targetPath))
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "No path to save " + what + " to was given.");
            var target = Path.GetFullPath(targetPath);
            var folder = Path.GetDirectoryName(target);
            if (string.IsNullOrEmpty(folder) || Directory.Exists(target))
                throw new DashScopeException(DashScopeErrorKind.InvalidInput, "'" + target + "' is a folder, not a file path.");
            if (!overwrite && File.Exists(target)) throw TargetExists(target);
            Directory.CreateDirectory(folder);
            var temporary = Path.Combine(folder, "." + Path.GetFileName(target) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".part");
            return new AtomicFile(target, temporary, overwrite);
        }

        /// <summary>Writes the temporary file with <paramref name="write"/>, then commits it; any failure (or cancellation) discards it.</summary>
        public async Task WriteAsync(Func<FileStream, Task> write)
        {
            try
            {
                using (var stream = new FileStream(Temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 80 * 1024, useAsync: true))
                {
                    await write(stream).ConfigureAwait(false);
                    await stream.FlushAsync().ConfigureAwait(false);
                }
                Commit();
            }
            catch
            {
                Discard();
                throw;
            }
        }

        /// <summary>Renames the complete temporary file to the target.</summary>
        public void Commit()
        {
            try
            {
                if (Overwrite && File.Exists(Target)) File.Replace(Temporary, Target, null);
                else File.Move(Temporary, Target);
            }
            catch (IOException exception) when (!Overwrite && File.Exists(Target))
            {
                // Another writer created the target while the bytes arrived: keep theirs.
                throw TargetExists(Target, exception);
            }
        }

        /// <summary>Deletes the temporary file (after a failure); best effort.</summary>
        public void Discard()
        {
            try
            {
                File.Delete(Temporary);
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                // The failure that got us here matters more.
            }
        }

        /// <summary>The caller says how to overwrite (in PowerShell: -Force).</summary>
        public static DashScopeException TargetExists(string target, Exception? inner = null) =>
            new DashScopeException(DashScopeErrorKind.InvalidInput,
                "'" + target + "' already exists; it was kept.", inner)
            {
                ErrorId = "FileExists",
            };
    }
}
