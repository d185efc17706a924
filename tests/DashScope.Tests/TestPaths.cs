namespace DashScope.Tests;

/// <summary>Finds the repository's test data from the test binaries' folder.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Recordings => Path.Combine(RepositoryRoot, "tests", "recordings");

    public static string Recording(string file) => Path.Combine(Recordings, file);

    /// <summary>The recorded response body of NAME (NAME.response.body.txt), bytes exactly as stored (BOM included).</summary>
    public static byte[] ResponseBody(string name) => File.ReadAllBytes(Recording(name + ".response.body.txt"));

    /// <summary>The recorded request body of NAME (NAME.request.body.json) as text, without a leading BOM.</summary>
    public static string RequestBody(string name) => File.ReadAllText(Recording(name + ".request.body.json")).TrimStart('\uFEFF');

    /// <summary>Names (without the .response.body.txt suffix) of every recorded event-stream response.</summary>
    public static IReadOnlyList<string> SseRecordingNames { get; } = Directory
        .GetFiles(Recordings, "*-sse.response.body.txt")
        .Select(path => Path.GetFileName(path)[..^".response.body.txt".Length])
        .OrderBy(name => name, StringComparer.Ordinal)
        .ToList();

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory != null && !File.Exists(Path.Combine(directory.FullName, "DashScope.psd1")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("DashScope.psd1 not found above " + AppContext.BaseDirectory);
    }
}
