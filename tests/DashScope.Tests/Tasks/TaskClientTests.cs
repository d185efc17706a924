using System.Globalization;
using System.Text.Json;
using DashScope.Client;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Tasks;
using DashScope.Tests.Client;
using DashScope.Tests.Requests;
using Xunit;
using static DashScope.Tests.TestJson;

namespace DashScope.Tests.Tasks;

/// <summary>Submit, get, cancel and list: the recorded wire shapes, and the simulated life cycle.</summary>
public class TaskClientTests : IClassFixture<TestServerFixture>
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private readonly TestServerFixture _fixture;

    public TaskClientTests(TestServerFixture fixture)
    {
        _fixture = fixture;
    }

    private TaskClient Tasks(string options, int retries = 0) => new(_fixture.Client(options, retries));

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Submit_sends_the_recorded_body_with_the_async_header()
    {
        var id = _fixture.NewId("submit-image");
        var task = await Tasks("id=" + id).SubmitAsync(ImageTests.Recorded(), CancellationToken.None);

        var logged = Assert.Single(_fixture.Requests(id));
        Assert.Equal("POST", logged.Method);
        Assert.Equal("/api/v1/services/aigc/text2image/image-synthesis", logged.Path);
        Assert.Equal("enable", logged.Headers["x-dashscope-async"]);
        Assert.False(logged.Headers.ContainsKey("x-dashscope-sse"));
        JsonAssert.Equal(Parse(TestPaths.RequestBody("image-synthesis-nosse")), Parse(logged.Body));
        Assert.Equal(QwenTaskStatus.Pending, task.Status);
        Assert.False(task.IsTerminal);
        Assert.True(Guid.TryParse(task.TaskId, out _), "task id " + task.TaskId);
        Assert.True(Guid.TryParse(task.RequestId, out _), "request id " + task.RequestId);
        Assert.NotNull(_fixture.Server.Tasks.Find(task.TaskId));
    }

    [Fact]
    public async Task Batch_embedding_body_matches_the_recording_sent_either_way()
    {
        var request = new BatchEmbeddingRequest
        {
            Url = new Uri("https://modelscope.oss-cn-beijing.aliyuncs.com/resource/text_embedding_file.txt"),
            TextType = "query",
        };
        var id = _fixture.NewId("submit-batch");
        var submitted = await Tasks("id=" + id).SubmitAsync(request, CancellationToken.None);
        var sent = await _fixture.Client("id=" + id).SendAsync(request, CancellationToken.None);

        var logged = _fixture.Requests(id);
        Assert.Equal(2, logged.Count);
        foreach (var sent1 in logged)
        {
            Assert.Equal("/api/v1/services/embeddings/text-embedding/text-embedding", sent1.Path);
            Assert.Equal("enable", sent1.Headers["x-dashscope-async"]);
            JsonAssert.Equal(Parse(TestPaths.RequestBody("batch-text-embedding-nosse")), Parse(sent1.Body));
        }
        Assert.Equal(QwenTaskStatus.Pending, submitted.Status);
        Assert.Equal(QwenTaskStatus.Pending, sent.Status);
        Assert.NotEqual(submitted.TaskId, sent.TaskId);
    }

    [Fact]
    public async Task Recorded_submit_answer_is_a_pending_task()
    {
        var task = await Tasks("scenario=image-synthesis-nosse,id=" + _fixture.NewId("rec-submit")).SubmitAsync(ImageTests.Recorded(), CancellationToken.None);

        Assert.Equal("9e2b6ef6-285d-4efa-8651-4dbda7d571fa", task.TaskId);
        Assert.Equal(QwenTaskStatus.Pending, task.Status);
        Assert.Equal("PENDING", task.StatusText);
        Assert.Equal("33da8e6b-1309-9a44-be83-352165959608", task.RequestId);
        Assert.Null(task.SubmitTime);
    }

    [Fact]
    public async Task Recorded_running_task()
    {
        var id = _fixture.NewId("rec-running");
        var task = await Tasks("scenario=get-task-running-nosse,id=" + id).GetAsync("9e2b6ef6-285d-4efa-8651-4dbda7d571fa", CancellationToken.None);

        Assert.Equal("/api/v1/tasks/9e2b6ef6-285d-4efa-8651-4dbda7d571fa", Assert.Single(_fixture.Requests(id)).Path);
        Assert.Equal(QwenTaskStatus.Running, task.Status);
        Assert.False(task.IsTerminal);
        Assert.Equal(Time("2024-03-01T17:38:24.817+08:00"), task.SubmitTime);
        Assert.Equal(Beijing, task.SubmitTime!.Value.Offset);
        Assert.Equal(Time("2024-03-01T17:38:24.831+08:00"), task.ScheduledTime);
        Assert.Null(task.EndTime);
        Assert.Equal(4, task.Metrics!.Total);
        Assert.Equal(0, task.Metrics.Succeeded);
        Assert.Null(task.Usage);
        Assert.Equal("edbd4e81-d37b-97f1-9857-d7394829dd0f", task.RequestId);
        Assert.Equal("RUNNING", task.Output["task_status"]);
    }

    [Fact]
    public async Task Recorded_unknown_task()
    {
        var task = await Tasks("scenario=get-task-unknown-nosse,id=" + _fixture.NewId("rec-unknown")).GetAsync("1111", CancellationToken.None);

        Assert.Equal("1111", task.TaskId);
        Assert.Equal(QwenTaskStatus.Unknown, task.Status);
        Assert.True(task.IsTerminal);
    }

    [Fact]
    public async Task Recorded_image_synthesis_result()
    {
        var task = await Tasks("scenario=get-task-image-synthesis-success-nosse,id=" + _fixture.NewId("rec-image")).GetAsync("9e2b6ef6-285d-4efa-8651-4dbda7d571fa", CancellationToken.None);

        Assert.Equal(QwenTaskStatus.Succeeded, task.Status);
        Assert.True(task.IsTerminal);
        Assert.Equal(Time("2024-03-01T17:38:55.565+08:00"), task.EndTime);
        Assert.Equal(4, task.Metrics!.Succeeded);
        Assert.Equal(0, task.Metrics.Failed);
        var results = Assert.IsType<List<object?>>(task.Output["results"]);
        Assert.Equal(4, results.Count);
        Assert.Equal("https://dashscope-result-bj.oss-cn-beijing.aliyuncs.com/1d/d4/20240301/8d820c8d/4c48fa53-2907-499b-b9ac-76477fe8d299-1.png",
            Assert.IsType<Dictionary<string, object?>>(results[0])["url"]);
        Assert.Equal(4L, task.Usage!.Details["image_count"]);
        Assert.Equal(4, task.ResultUrls.Count);
        Assert.Equal("4c48fa53-2907-499b-b9ac-76477fe8d299-1.png", Path.GetFileName(task.ResultUrls[0].AbsolutePath));
    }

    [Fact]
    public async Task Recorded_batch_embedding_result()
    {
        var task = await Tasks("scenario=get-task-batch-text-embedding-success-nosse,id=" + _fixture.NewId("rec-batch")).GetAsync("7408ef3d-a0be-4379-9e72-a6e95a569483", CancellationToken.None);

        Assert.Equal(QwenTaskStatus.Succeeded, task.Status);
        Assert.Equal(Time("2024-11-25T13:55:47.446+08:00"), task.EndTime);
        Assert.Null(task.Metrics);
        Assert.Equal(28, task.Usage!.TotalTokens);
        var url = BatchEmbeddingRequest.ResultUrl(task)!;
        Assert.Equal("dashscope-result-bj.oss-cn-beijing.aliyuncs.com", url.Host);
        Assert.EndsWith("_output_1732514147173.txt.gz", url.AbsolutePath);
        Assert.Equal([url], task.ResultUrls);
    }

    [Fact]
    public async Task Recorded_task_list()
    {
        var id = _fixture.NewId("rec-list");
        var page = await Tasks("scenario=list-task-nosse,id=" + id).ListAsync(null, CancellationToken.None);

        Assert.Equal("/api/v1/tasks", Assert.Single(_fixture.Requests(id)).Path);
        Assert.Equal(1, page.Total);
        Assert.Equal(1, page.PageNumber);
        Assert.Equal(10, page.PageSize);
        Assert.Equal(1, page.TotalPages);
        Assert.False(page.HasMore);
        Assert.Equal("fcb29ae5-a352-9e7b-901c-e53525376cde", page.RequestId);
        var task = Assert.Single(page.Items);
        Assert.Equal("6075262c-b56d-4968-9abf-2a9784a90f3e", task.TaskId);
        Assert.Equal(QwenTaskStatus.Succeeded, task.Status);
        Assert.Equal("text-embedding-async-v2", task.Model);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1709260684485), task.SubmitTime);
        Assert.Equal(Beijing, task.SubmitTime!.Value.Offset);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1709260684527), task.ScheduledTime);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1709260685184), task.EndTime);
        Assert.Equal("db5ce040-4548-9919-9a75-3385ee152335", task.RequestId);
    }

    [Fact]
    public async Task Recorded_cancel_of_a_finished_task_is_400_UnsupportedOperation()
    {
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            Tasks("scenario=cancel-completed-task-nosse,id=" + _fixture.NewId("rec-cancel"), retries: 2).CancelAsync("6075262c-b56d-4968-9abf-2a9784a90f3e", CancellationToken.None));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("UnsupportedOperation", error.Code);
        Assert.Equal("Failed to cancel the task, please confirm if the task is in PENDING status.", error.ServiceMessage);
        Assert.Equal("4d496c94-1389-9ca9-a92a-3e732f675686", error.RequestId);
        Assert.Equal(1, error.Attempts);
    }

    [Fact]
    public async Task Cancel_while_pending_cancels_with_an_empty_post()
    {
        var id = _fixture.NewId("cancel-pending");
        var tasks = Tasks("id=" + id);
        var task = await tasks.SubmitAsync(ImageTests.Recorded(), CancellationToken.None);

        await tasks.CancelAsync(task.TaskId, CancellationToken.None);
        var canceled = await tasks.GetAsync(task.TaskId, CancellationToken.None);

        var cancel = _fixture.Requests(id)[1];
        Assert.Equal("POST", cancel.Method);
        Assert.Equal("/api/v1/tasks/" + task.TaskId + "/cancel", cancel.Path);
        Assert.Equal("", cancel.Body);
        Assert.Equal("0", cancel.Headers["content-length"]);
        Assert.False(cancel.Headers.ContainsKey("content-type"));
        Assert.Equal(QwenTaskStatus.Canceled, canceled.Status);
        Assert.Equal("CANCELED", canceled.StatusText);
        Assert.True(canceled.IsTerminal);
        Assert.NotNull(canceled.EndTime);
    }

    [Fact]
    public async Task Cancel_of_a_running_task_is_the_services_400()
    {
        var id = _fixture.NewId("cancel-running");
        var tasks = Tasks("taskpolls=5,id=" + id);
        var task = await tasks.SubmitAsync(ImageTests.Recorded(), CancellationToken.None);
        Assert.Equal(QwenTaskStatus.Pending, (await tasks.GetAsync(task.TaskId, CancellationToken.None)).Status);
        Assert.Equal(QwenTaskStatus.Running, (await tasks.GetAsync(task.TaskId, CancellationToken.None)).Status);

        var error = await Assert.ThrowsAsync<DashScopeException>(() => tasks.CancelAsync(task.TaskId, CancellationToken.None));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("UnsupportedOperation", error.Code);
        Assert.Equal(QwenTaskStatus.Running, (await tasks.GetAsync(task.TaskId, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task An_id_the_service_never_issued_is_unknown()
    {
        var id = _fixture.NewId("unknown");
        var task = await Tasks("id=" + id).GetAsync("no such/task", CancellationToken.None);

        // The server's log decodes the path except %2F: the slash stayed part of the id.
        Assert.Equal("/api/v1/tasks/no such%2Ftask", Assert.Single(_fixture.Requests(id)).Path);
        Assert.Equal("no such/task", task.TaskId);
        Assert.Equal(QwenTaskStatus.Unknown, task.Status);
    }

    [Fact]
    public async Task A_synchronous_call_to_an_async_only_family_is_refused()
    {
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            _fixture.Client("id=" + _fixture.NewId("sync-image")).PostJsonAsync("services/aigc/text2image/image-synthesis",
                System.Text.Encoding.UTF8.GetBytes(TestPaths.RequestBody("image-synthesis-nosse")), CancellationToken.None));

        Assert.Equal(403, error.StatusCode);
        Assert.Equal("AccessDenied", error.Code);
    }

    [Fact]
    public async Task List_pages_newest_first_and_filters()
    {
        var id = _fixture.NewId("list");
        var tasks = Tasks("id=" + id);
        var first = await tasks.SubmitAsync(ImageTests.Recorded(), CancellationToken.None);
        var second = await tasks.SubmitAsync(new BatchEmbeddingRequest { Url = new Uri("https://example.com/lines.txt") }, CancellationToken.None);
        var third = await tasks.SubmitAsync(ImageTests.Recorded(), CancellationToken.None);
        await tasks.CancelAsync(first.TaskId, CancellationToken.None);

        var page1 = await tasks.ListAsync(new TaskListFilter { PageSize = 2 }, CancellationToken.None);
        var page2 = await tasks.ListAsync(new TaskListFilter { PageSize = 2, PageNumber = 2 }, CancellationToken.None);
        var images = await tasks.ListAsync(new TaskListFilter { Model = "wanx-v1" }, CancellationToken.None);
        var pending = await tasks.ListAsync(new TaskListFilter { Status = QwenTaskStatus.Pending }, CancellationToken.None);

        Assert.Equal(3, page1.Total);
        Assert.Equal(2, page1.TotalPages);
        Assert.True(page1.HasMore);
        Assert.Equal([third.TaskId, second.TaskId], page1.Items.Select(t => t.TaskId));
        Assert.Equal(first.TaskId, Assert.Single(page2.Items).TaskId);
        Assert.Equal(QwenTaskStatus.Canceled, page2.Items[0].Status);
        Assert.NotNull(page2.Items[0].EndTime);
        Assert.False(page2.HasMore);
        Assert.Equal([third.TaskId, first.TaskId], images.Items.Select(t => t.TaskId));
        Assert.Equal([third.TaskId, second.TaskId], pending.Items.Select(t => t.TaskId));
        // A list entry names the model and the request that submitted the task.
        Assert.Equal(["wanx-v1", "text-embedding-async-v2"], pending.Items.Select(t => t.Model));
        Assert.Equal([third.RequestId, second.RequestId], pending.Items.Select(t => t.RequestId));
        var paths = _fixture.Requests(id).Where(r => r.Method == "GET").Select(r => r.Path).ToList();
        Assert.Equal(["/api/v1/tasks?page_size=2", "/api/v1/tasks?page_no=2&page_size=2", "/api/v1/tasks?model_name=wanx-v1", "/api/v1/tasks?status=PENDING"], paths);
    }

    [Fact]
    public async Task List_times_are_sent_as_beijing_time_to_the_second()
    {
        var id = _fixture.NewId("list-times");
        var tasks = Tasks("id=" + id);
        var task = await tasks.SubmitAsync(ImageTests.Recorded(), CancellationToken.None);
        var now = DateTimeOffset.UtcNow;

        var around = await tasks.ListAsync(new TaskListFilter { StartTime = now.AddHours(-1), EndTime = now.AddHours(1) }, CancellationToken.None);
        var later = await tasks.ListAsync(new TaskListFilter { StartTime = now.AddHours(1) }, CancellationToken.None);

        Assert.Equal(task.TaskId, Assert.Single(around.Items).TaskId);
        Assert.Empty(later.Items);
        Assert.Equal(0, later.Total);
        var expected = "/api/v1/tasks?start_time=" + now.AddHours(-1).ToOffset(Beijing).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) +
                       "&end_time=" + now.AddHours(1).ToOffset(Beijing).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        Assert.Equal(expected, _fixture.Requests(id)[1].Path);
    }

    [Fact]
    public async Task Invalid_input_is_refused_before_anything_is_sent()
    {
        var id = _fixture.NewId("task-invalid");
        var tasks = Tasks("id=" + id);

        Assert.Equal(DashScopeErrorKind.InvalidInput, (await Assert.ThrowsAsync<DashScopeException>(() => tasks.GetAsync(" ", CancellationToken.None))).Kind);
        Assert.Equal(DashScopeErrorKind.InvalidInput, (await Assert.ThrowsAsync<DashScopeException>(() => tasks.CancelAsync("", CancellationToken.None))).Kind);
        Assert.Equal(DashScopeErrorKind.InvalidInput, (await Assert.ThrowsAsync<DashScopeException>(() =>
            tasks.ListAsync(new TaskListFilter { PageNumber = 0 }, CancellationToken.None))).Kind);
        Assert.Equal(DashScopeErrorKind.InvalidInput, (await Assert.ThrowsAsync<DashScopeException>(() =>
            tasks.SubmitAsync(new BatchEmbeddingRequest(), CancellationToken.None))).Kind);
        Assert.Empty(_fixture.Requests(id));
    }

    [Fact]
    public async Task A_submission_the_service_refuses_is_its_error()
    {
        var id = _fixture.NewId("submit-refused");
        var error = await Assert.ThrowsAsync<DashScopeException>(() =>
            Tasks("id=" + id, retries: 2).SubmitAsync(ImageTests.Recorded(count: 5), CancellationToken.None));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("InvalidParameter", error.Code);
        Assert.Single(_fixture.Requests(id));
    }
}
