namespace DashScope.Tests;

/// <summary>Finds the repository's test data from the test binaries' folder.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Recordings => Path.Combine(RepositoryRoot, "tests", "recordings");

    public static string Recording(string file) => Path.Combine(Recordings, file);

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory != null && !File.Exists(Path.Combine(directory.FullName, "DashScope.psd1")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("DashScope.psd1 not found above " + AppContext.BaseDirectory);
    }
}
