using System.Diagnostics;
using DashScope.Client;
using DashScope.Models;
using DashScope.TestServer;
using Xunit;

namespace DashScope.Tests.Client;

/// <summary>Result downloads: no key sent, all or nothing at the target, retried only before the first bytes.</summary>
public sealed class DownloadTests : IClassFixture<TestServerFixture>, IDisposable
{
    private const int Size = 300_000;
    private readonly TestServerFixture _fixture;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dashscope-download-" + Guid.NewGuid().ToString("N"));

    public DownloadTests(TestServerFixture fixture)
    {
        _fixture = fixture;
        Directory.CreateDirectory(_folder);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Target(string name = "image.png") => Path.Combine(_folder, name);

    private Uri Result(string options, string name = "task-1/1.png") => _fixture.Server.ResultUri(options, name + "?Expires=1732773347&Signature=c2VjcmV0");

    private void AssertOnlyInFolder(params string[] names) =>
        Assert.Equal(names.Order(), Directory.GetFiles(_folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_folder, f)).Order());

    [Fact]
    public async Task Saves_the_bytes_and_reports_progress_without_sending_the_key()
    {
        var id = _fixture.NewId("download");
        var client = _fixture.Client("id=" + id);
        var progress = new SyncProgress<DownloadProgress>();
        var target = Path.Combine(_folder, "new folder", "猫.png");

        var saved = await client.DownloadAsync(Result("filesize=" + Size + ",chunk=65536,id=" + id), target, overwrite: false, progress, CancellationToken.None);

        Assert.Equal(ResultFiles.Content("task-1/1.png", Size), await File.ReadAllBytesAsync(target));
        Assert.Equal(target, saved.Path);
        Assert.Equal(Size, saved.Length);
        Assert.Equal("image/png", saved.ContentType);
        AssertOnlyInFolder(Path.Combine("new folder", "猫.png"));
        var reports = progress.Reports.ToList();
        Assert.True(reports.Count >= 2, reports.Count + " progress reports");
        Assert.All(reports, r => Assert.Equal(Size, r.TotalBytes));
        Assert.Equal(reports.Select(r => r.BytesReceived).Order(), reports.Select(r => r.BytesReceived));
        Assert.Equal(Size, reports[^1].BytesReceived);
        Assert.Equal(100, reports[^1].Percent);
        var logged = Assert.Single(_fixture.Requests(id));
        Assert.Equal("GET", logged.Method);
        Assert.Equal("/_results/task-1/1.png?Expires=1732773347&Signature=c2VjcmV0", logged.Path);
        Assert.False(logged.Headers.ContainsKey("authorization"), "the API key went to the download host");
        Assert.StartsWith("DashScope.PowerShell/", logged.Headers["user-agent"]);
        var lines = new List<string>();
        while (client.Log.TryRead(out var line)) lines.Add(line);
        Assert.Contains(lines, line => line.Contains("/_results/task-1/1.png"));
        Assert.DoesNotContain(lines, line => line.Contains("Signature") || line.Contains(TestServerFixture.Key));
    }

    [Fact]
    public async Task An_existing_target_is_kept_and_nothing_is_sent()
    {
        var id = _fixture.NewId("download-exists");
        await File.WriteAllTextAsync(Target(), "old");

        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Client("id=" + id).DownloadAsync(Result("id=" + id), Target(), overwrite: false, null, CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.InvalidInput, error.Kind);
        Assert.Equal("FileExists", error.ErrorId);
        Assert.Contains("already exists", error.Message);
        Assert.Equal("old", await File.ReadAllTextAsync(Target()));
        Assert.Empty(_fixture.Requests(id));
    }

    [Fact]
    public async Task Overwrite_replaces_the_target()
    {
        var id = _fixture.NewId("download-overwrite");
        await File.WriteAllTextAsync(Target(), "old");

        await _fixture.Client("id=" + id).DownloadAsync(Result("filesize=1000,id=" + id), Target(), overwrite: true, null, CancellationToken.None);

        Assert.Equal(ResultFiles.Content("task-1/1.png", 1000), await File.ReadAllBytesAsync(Target()));
        AssertOnlyInFolder("image.png");
    }

    [Fact]
    public async Task A_connection_broken_half_way_leaves_the_old_target_and_is_not_retried()
    {
        var id = _fixture.NewId("download-break");
        await File.WriteAllTextAsync(Target(), "old");

        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Client("id=" + id, retries: 3).DownloadAsync(Result("filesize=" + Size + ",breakat=150000,id=" + id), Target(), overwrite: true, null, CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.Network, error.Kind);
        Assert.Contains("of " + Size + " bytes", error.Message);
        Assert.DoesNotContain("Signature", error.Message);
        Assert.Single(_fixture.Requests(id));
        Assert.Equal("old", await File.ReadAllTextAsync(Target()));
        AssertOnlyInFolder("image.png");
    }

    [Fact]
    public async Task A_connection_broken_before_any_byte_is_retried()
    {
        var id = _fixture.NewId("download-break0");
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Client("id=" + id, retries: 2).DownloadAsync(Result("breakat=0,id=" + id), Target(), overwrite: false, null, CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.Network, error.Kind);
        Assert.Equal(3, error.Attempts);
        Assert.Equal(3, _fixture.Requests(id).Count);
        AssertOnlyInFolder();
    }

    [Theory]
    [InlineData("throttle=1,retryafter=0")]
    [InlineData("fail=503:1")]
    public async Task Transient_failures_before_the_bytes_are_retried(string fault)
    {
        var id = _fixture.NewId("download-retry");
        var saved = await _fixture.Client("id=" + id, retries: 2).DownloadAsync(Result(fault + ",filesize=5000,id=" + id), Target(), overwrite: false, null, CancellationToken.None);

        Assert.Equal(5000, saved.Length);
        Assert.Equal(ResultFiles.Content("task-1/1.png", 5000), await File.ReadAllBytesAsync(Target()));
        Assert.Equal(2, _fixture.Requests(id).Count);
    }

    [Fact]
    public async Task A_refused_url_is_a_service_error_that_mentions_expiry()
    {
        var id = _fixture.NewId("download-403");
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Client("id=" + id, retries: 2).DownloadAsync(Result("fail=403,id=" + id), Target(), overwrite: false, null, CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.Service, error.Kind);
        Assert.Equal(403, error.StatusCode);
        Assert.Contains("expire", error.Message);
        Assert.DoesNotContain("Signature", error.Message);
        Assert.Single(_fixture.Requests(id));
        AssertOnlyInFolder();
    }

    [Fact]
    public async Task Cancelling_half_way_leaves_nothing()
    {
        var id = _fixture.NewId("download-cancel");
        using var cancel = new CancellationTokenSource();
        var progress = new SyncProgress<DownloadProgress>(_ => cancel.Cancel());
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _fixture.Client("id=" + id).DownloadAsync(Result("filesize=100000,chunk=1000,gap=20,id=" + id), Target(), overwrite: false, progress, cancel.Token));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1.5), "took " + watch.Elapsed);
        Assert.Single(progress.Reports);
        AssertOnlyInFolder();
    }

    [Fact]
    public async Task Silence_after_the_first_bytes_is_an_idle_timeout_not_retried()
    {
        var id = _fixture.NewId("download-idle");
        var settings = _fixture.Settings("id=" + id, retries: 2);
        settings.IdleTimeout = TimeSpan.FromMilliseconds(200);

        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            new DashScopeClient(settings).DownloadAsync(Result("filesize=10000,chunk=1000,gap=3000,id=" + id), Target(), overwrite: false, null, CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.Timeout, error.Kind);
        Assert.Contains("after 1000 of 10000 bytes (idle timeout)", error.Message);
        Assert.Single(_fixture.Requests(id));
        AssertOnlyInFolder();
    }

    [Fact]
    public async Task The_whole_call_timeout_covers_the_body()
    {
        var id = _fixture.NewId("download-timeout");
        var settings = _fixture.Settings("id=" + id);
        settings.Timeout = TimeSpan.FromMilliseconds(300);

        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            new DashScopeClient(settings).DownloadAsync(Result("filesize=100000,chunk=1000,gap=20,id=" + id), Target(), overwrite: false, null, CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.Timeout, error.Kind);
        Assert.Contains("did not finish within the time allowed", error.Message);
        AssertOnlyInFolder();
    }

    [Fact]
    public async Task Unusable_input_is_refused_before_anything_is_sent()
    {
        var id = _fixture.NewId("download-invalid");
        var client = _fixture.Client("id=" + id);

        Assert.Equal(DashScopeErrorKind.InvalidInput, (await Assert.ThrowsAsync<DashScopeException>(() =>
            client.DownloadAsync(new Uri("ftp://example.com/a.png"), Target(), false, null, CancellationToken.None))).Kind);
        Assert.Equal(DashScopeErrorKind.InvalidInput, (await Assert.ThrowsAsync<DashScopeException>(() =>
            client.DownloadAsync(Result("id=" + id), _folder, true, null, CancellationToken.None))).Kind);
        Assert.Empty(_fixture.Requests(id));
    }
}
