using System.Diagnostics;
using DashScope.Client;
using DashScope.Models;
using DashScope.Tasks;
using DashScope.Tests.Client;
using DashScope.Tests.Requests;
using Xunit;

namespace DashScope.Tests.Tasks;

/// <summary>Waiting for a task: the poll schedule, terminal states, throttled polls, the wait timeout, cancellation.</summary>
public class TaskWaitTests : IClassFixture<TestServerFixture>
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private readonly TestServerFixture _fixture;

    public TaskWaitTests(TestServerFixture fixture)
    {
        _fixture = fixture;
    }

    private static TaskWaitOptions Fast(TimeSpan? timeout = null) => new()
    {
        FirstInterval = TimeSpan.FromMilliseconds(2),
        MaximumInterval = TimeSpan.FromMilliseconds(8),
        Timeout = timeout,
    };

    private TaskClient Tasks(string options, int retries = 0) => new(_fixture.Client(options, retries));

    private int PollCount(string id, string taskId) => _fixture.Requests(id).Count(r => r.Method == "GET" && r.Path == "/api/v1/tasks/" + taskId);

    [Fact]
    public void Default_schedule_is_the_official_sdks()
    {
        var options = new TaskWaitOptions();
        Assert.Equal([1, 1, 2, 2, 2, 4, 4, 4, 5, 5, 5, 5], Enumerable.Range(1, 12).Select(poll => options.IntervalAfter(poll).TotalSeconds));
    }

    [Fact]
    public void The_cap_is_configurable()
    {
        var options = new TaskWaitOptions { MaximumInterval = TimeSpan.FromSeconds(15) };
        Assert.Equal([1, 1, 2, 2, 2, 4, 4, 4, 8, 8, 8, 15, 15], Enumerable.Range(1, 13).Select(poll => options.IntervalAfter(poll).TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(15), options.IntervalAfter(1000));
    }

    [Fact]
    public async Task Unusable_intervals_are_refused_before_anything_is_sent()
    {
        var id = _fixture.NewId("wait-intervals");
        var tasks = Tasks("id=" + id);

        foreach (var options in new[]
                 {
                     new TaskWaitOptions { FirstInterval = TimeSpan.Zero },
                     new TaskWaitOptions { FirstInterval = TimeSpan.FromMilliseconds(-1) },
                     new TaskWaitOptions { FirstInterval = TimeSpan.FromSeconds(2), MaximumInterval = TimeSpan.FromSeconds(1) },
                 })
        {
            var error = await Assert.ThrowsAsync<DashScopeException>(() => tasks.WaitAsync("t-1", options, null, CancellationToken.None));
            Assert.Equal(DashScopeErrorKind.InvalidInput, error.Kind);
        }
        Assert.Empty(_fixture.Requests(id));
    }

    [Fact]
    public async Task Waiting_reports_each_poll_and_returns_the_result()
    {
        var id = _fixture.NewId("wait");
        var tasks = Tasks("taskpolls=3,id=" + id);
        var submitted = await tasks.SubmitAsync(ImageTests.Recorded(count: 2), CancellationToken.None);
        var progress = new SyncProgress<QwenTask>();

        var task = await tasks.WaitAsync(submitted.TaskId, Fast(), progress, CancellationToken.None);

        Assert.Equal([QwenTaskStatus.Pending, QwenTaskStatus.Running, QwenTaskStatus.Succeeded], progress.Reports.Select(t => t.Status));
        Assert.Equal(3, PollCount(id, submitted.TaskId));
        Assert.Equal(QwenTaskStatus.Succeeded, task.Status);
        Assert.Equal(2, task.Metrics!.Succeeded);
        Assert.Equal(2L, task.Usage!.Details["image_count"]);
        var urls = ((List<object?>)task.Output["results"]!).Select(r => (string)((Dictionary<string, object?>)r!)["url"]!).ToList();
        Assert.Equal(2, urls.Count);
        Assert.All(urls, url => Assert.StartsWith(_fixture.Server.Address + "x/", url));
        Assert.EndsWith("/_results/" + task.TaskId + "/2.png", new Uri(urls[1]).AbsolutePath);
        Assert.Equal(Beijing, task.SubmitTime!.Value.Offset);
        Assert.True(task.SubmitTime <= task.ScheduledTime && task.ScheduledTime <= task.EndTime);
        Assert.InRange(DateTimeOffset.UtcNow - task.EndTime!.Value, TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_failed_task_is_returned_not_thrown()
    {
        var tasks = Tasks("taskpolls=2,taskfail,id=" + _fixture.NewId("wait-fail"));
        var submitted = await tasks.SubmitAsync(ImageTests.Recorded(), CancellationToken.None);

        var task = await tasks.WaitAsync(submitted.TaskId, Fast(), null, CancellationToken.None);

        Assert.Equal(QwenTaskStatus.Failed, task.Status);
        Assert.Equal("InvalidParameter", task.Code);
        Assert.Equal("The task failed (simulated by taskfail).", task.Message);
        Assert.Equal(4, task.Metrics!.Failed);
        Assert.Null(task.Usage);
    }

    [Fact]
    public async Task An_unknown_task_ends_the_wait_at_the_first_poll()
    {
        var id = _fixture.NewId("wait-unknown");
        var task = await Tasks("id=" + id).WaitAsync("never-issued", Fast(), null, CancellationToken.None);

        Assert.Equal(QwenTaskStatus.Unknown, task.Status);
        Assert.Single(_fixture.Requests(id));
    }

    [Fact]
    public async Task Wait_timeout_names_the_task_and_leaves_it_running()
    {
        var id = _fixture.NewId("wait-timeout");
        var tasks = Tasks("taskpolls=100000,id=" + id);
        var submitted = await tasks.SubmitAsync(ImageTests.Recorded(), CancellationToken.None);
        var options = new TaskWaitOptions { FirstInterval = TimeSpan.FromMilliseconds(20), MaximumInterval = TimeSpan.FromMilliseconds(20), Timeout = TimeSpan.FromMilliseconds(300) };
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<DashScopeException>(() => tasks.WaitAsync(submitted.TaskId, options, null, CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.Timeout, error.Kind);
        Assert.Equal("WaitTaskTimeout", error.Code);
        Assert.Equal("WaitTaskTimeout", error.ErrorId);
        Assert.Contains(submitted.TaskId, error.Message);
        Assert.Contains("RUNNING at the last poll", error.Message);
        Assert.Contains("24 hours", error.Message);
        Assert.Equal(QwenTaskStatus.Running, Assert.IsType<QwenTask>(error.PartialResult).Status);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "took " + watch.Elapsed);
        // Polls every 20 ms for 300 ms, not in a busy loop.
        Assert.InRange(PollCount(id, submitted.TaskId), 2, 16);
        Assert.DoesNotContain(_fixture.Requests(id), r => r.Path.EndsWith("/cancel", StringComparison.Ordinal));
        Assert.Equal("RUNNING", _fixture.Server.Tasks.Find(submitted.TaskId)!.Status);
    }

    [Fact]
    public async Task Cancelling_stops_the_waiting_only()
    {
        var id = _fixture.NewId("wait-cancel");
        var tasks = Tasks("taskpolls=100000,id=" + id);
        var submitted = await tasks.SubmitAsync(ImageTests.Recorded(), CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var progress = new SyncProgress<QwenTask>(task =>
        {
            if (task.Status == QwenTaskStatus.Running) cancel.Cancel();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tasks.WaitAsync(submitted.TaskId, Fast(), progress, cancel.Token));

        Assert.Equal([QwenTaskStatus.Pending, QwenTaskStatus.Running], progress.Reports.Select(t => t.Status));
        Assert.Equal(2, PollCount(id, submitted.TaskId));
        Assert.DoesNotContain(_fixture.Requests(id), r => r.Method == "POST" && r.Path.Contains("/tasks/", StringComparison.Ordinal));
        Assert.Equal(QwenTaskStatus.Running, (await tasks.GetAsync(submitted.TaskId, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task A_throttled_poll_waits_for_retry_after_and_holds_the_shared_backoff()
    {
        var submitId = _fixture.NewId("wait-throttle-submit");
        var submitted = await Tasks("taskpolls=2,id=" + submitId).SubmitAsync(ImageTests.Recorded(), CancellationToken.None);
        var pollId = _fixture.NewId("wait-throttle-poll");
        var settings = _fixture.Settings("throttle=1,retryafter=1,id=" + pollId);
        var progress = new SyncProgress<QwenTask>();

        var waiting = new TaskClient(new DashScopeClient(settings)).WaitAsync(submitted.TaskId, Fast(), progress, CancellationToken.None);
        await _fixture.Server.Log.WaitForAsync(r => r.Id == pollId, TimeSpan.FromSeconds(10));
        // The 429 is answered right after it was logged; the client holds the gate on reading it.
        var held = Stopwatch.StartNew();
        while (settings.Backoff.Remaining == TimeSpan.Zero && held.Elapsed < TimeSpan.FromSeconds(5)) await Task.Delay(5);
        Assert.InRange(settings.Backoff.Remaining, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1));
        var task = await waiting;

        Assert.Equal(QwenTaskStatus.Succeeded, task.Status);
        Assert.Equal([QwenTaskStatus.Pending, QwenTaskStatus.Succeeded], progress.Reports.Select(t => t.Status));
        var polls = _fixture.Requests(pollId);
        Assert.Equal(3, polls.Count);
        Assert.True(polls[1].ReceivedAt - polls[0].ReceivedAt >= TimeSpan.FromMilliseconds(950),
            "polled again after " + (polls[1].ReceivedAt - polls[0].ReceivedAt).TotalMilliseconds + " ms");
    }

    [Fact]
    public async Task Server_errors_on_a_poll_do_not_end_the_wait()
    {
        var submitted = await Tasks("taskpolls=1,id=" + _fixture.NewId("wait-503-submit")).SubmitAsync(ImageTests.Recorded(), CancellationToken.None);
        var pollId = _fixture.NewId("wait-503-poll");

        var task = await Tasks("fail=503:2,id=" + pollId).WaitAsync(submitted.TaskId, Fast(), null, CancellationToken.None);

        Assert.Equal(QwenTaskStatus.Succeeded, task.Status);
        Assert.Equal(3, _fixture.Requests(pollId).Count);
    }

    [Fact]
    public async Task A_client_error_on_a_poll_ends_the_wait()
    {
        var submitted = await Tasks("id=" + _fixture.NewId("wait-401-submit")).SubmitAsync(ImageTests.Recorded(), CancellationToken.None);
        var pollId = _fixture.NewId("wait-401-poll");
        var client = new DashScopeClient(_fixture.Settings("id=" + pollId, key: "sk-invalid"));

        var error = await Assert.ThrowsAsync<DashScopeException>(() => new TaskClient(client).WaitAsync(submitted.TaskId, Fast(), null, CancellationToken.None));

        Assert.Equal(401, error.StatusCode);
        Assert.Single(_fixture.Requests(pollId));
    }

    [Fact]
    public async Task Many_waits_at_once_share_timers()
    {
        var id = _fixture.NewId("wait-many");
        var tasks = Tasks("taskpolls=3,id=" + id);
        var submitted = new List<QwenTask>();
        for (var i = 0; i < 100; i++) submitted.Add(await tasks.SubmitAsync(ImageTests.Recorded(count: 1), CancellationToken.None));
        var options = new TaskWaitOptions { FirstInterval = TimeSpan.FromMilliseconds(50), MaximumInterval = TimeSpan.FromMilliseconds(50) };
        var threads = Process.GetCurrentProcess().Threads.Count;

        var done = await Task.WhenAll(submitted.Select(t => tasks.WaitAsync(t.TaskId, options, null, CancellationToken.None))).WaitAsync(TimeSpan.FromSeconds(20));
        var threadsAfter = Process.GetCurrentProcess().Threads.Count;

        Assert.All(done, t => Assert.Equal(QwenTaskStatus.Succeeded, t.Status));
        Assert.Equal(300, _fixture.Requests(id).Count(r => r.Method == "GET"));
        // A thread per wait would have added a hundred (idle pool threads live on for a while).
        Assert.True(threadsAfter - threads < 50, threads + " threads before, " + threadsAfter + " after");
    }
}
