using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace DashScope
{
    /// <summary>
    /// Windows PowerShell (.NET Framework) has no binding redirects for the System.Text.Json
    /// dependency graph shipped beside this assembly; resolve those DLLs from the module folder.
    /// On PowerShell 7 the runtime's own copies win and this is a no-op.
    /// This type must not touch System.Text.Json itself.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string ModuleDirectory =
            Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? string.Empty;

        private static readonly bool IsDesktop =
            RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        public void OnImport()
        {
            if (IsDesktop)
            {
                AppDomain.CurrentDomain.AssemblyResolve += ResolveFromModuleDirectory;
            }
        }

        public void OnRemove(PSModuleInfo module)
        {
            if (IsDesktop)
            {
                AppDomain.CurrentDomain.AssemblyResolve -= ResolveFromModuleDirectory;
            }
        }

        private static Assembly? ResolveFromModuleDirectory(object? sender, ResolveEventArgs args)
        {
            var path = Path.Combine(ModuleDirectory, new AssemblyName(args.Name).Name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }
    }
}
