using System.Text;
using System.Text.Json;
using DashScope.Batches;
using DashScope.Client;
using DashScope.Models;
using DashScope.Requests;
using DashScope.Tasks;
using DashScope.Tests.Client;
using DashScope.TestServer;
using Xunit;

namespace DashScope.Tests.Batches;

/// <summary>The Batch API end to end against the simulated service: submit, life cycle, lists, downloads, results in input order.</summary>
public sealed class BatchClientTests : IClassFixture<TestServerFixture>, IDisposable
{
    private static readonly TaskWaitOptions Quick = new() { FirstInterval = TimeSpan.FromMilliseconds(10), MaximumInterval = TimeSpan.FromMilliseconds(20) };

    private readonly TestServerFixture _fixture;
    private readonly string _folder = Directory.CreateTempSubdirectory("dashscope-batch-client-").FullName;

    public BatchClientTests(TestServerFixture fixture)
    {
        _fixture = fixture;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private BatchClient Client(string id, string options = "", string store = "store") =>
        new(_fixture.Client("id=" + id + (options.Length > 0 ? "," + options : "")), new BatchStore(Path.Combine(_folder, store)));

    private static ChatRequest Ask(string prompt) => new() { Model = "qwen-plus", Messages = [new QwenChatMessage("system", "Classify."), new QwenChatMessage("user", prompt)], Prompt = prompt };

    private BatchInputPart Write(BatchClient client, params string[] prompts)
    {
        using var writer = new BatchInputWriter(client.Store.DraftFolder);
        foreach (var prompt in prompts) writer.Add(Ask(prompt));
        return Assert.Single(writer.Complete());
    }

    private static async Task<List<BatchLineResult>> Receive(BatchClient client, QwenBatch batch, string folder, bool raw = false)
    {
        var download = await client.DownloadAsync(batch, folder, null, CancellationToken.None);
        return client.OpenResults(batch, download).Read(raw).ToList();
    }

    [Fact]
    public async Task Submit_uploads_with_purpose_batch_creates_the_batch_with_metadata_and_remembers_its_input()
    {
        var id = _fixture.NewId("batch-submit");
        var client = Client(id);
        var part = Write(client, "one", "two");
        var reported = new List<long>();

        var batch = await client.SubmitAsync(part, new BatchOptions { Name = "工单分类", Description = "nightly" }, new SyncProgress<long>(reported.Add), CancellationToken.None);

        Assert.StartsWith("batch_", batch.Id);
        Assert.Equal(QwenBatchStatus.Validating, batch.Status);
        Assert.Equal("工单分类", batch.Name);
        Assert.Equal("nightly", batch.Description);
        Assert.Equal("24h", batch.CompletionWindow);
        Assert.StartsWith("file-batch-", batch.InputFileId);
        Assert.Equal(part.Bytes, reported[^1]);

        var requests = _fixture.Requests(id);
        Assert.Equal("/compatible-mode/v1/files", requests[0].Path);
        Assert.Contains("name=\"purpose\"\r\n\r\nbatch\r\n", requests[0].Body);
        Assert.Equal("/compatible-mode/v1/batches", requests[1].Path);
        JsonAssert.Equal(JsonDocument.Parse("{\"input_file_id\":\"" + batch.InputFileId + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"," +
            "\"metadata\":{\"ds_name\":\"工单分类\",\"ds_description\":\"nightly\"}}").RootElement, JsonDocument.Parse(requests[1].Body).RootElement);

        var manifest = client.Store.Find(batch.Id)!;
        Assert.Equal(client.Store.InputPathFor(batch.Id), manifest.InputPath);
        Assert.True(File.Exists(manifest.InputPath));
        Assert.Equal(2, manifest.Lines);
        Assert.Empty(Directory.GetFiles(client.Store.DraftFolder));
    }

    [Fact]
    public async Task A_finish_callback_goes_into_the_metadata_as_given_and_a_relative_one_is_refused_before_anything_is_sent()
    {
        var id = _fixture.NewId("batch-callback");
        var client = Client(id);

        var batch = await client.SubmitAsync(Write(client, "one"), new BatchOptions { CallbackUri = new Uri("https://hooks.example.com") }, null, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<DashScopeException>(() => client.SubmitAsync(Write(client, "two"), new BatchOptions { CallbackUri = new Uri("/hook", UriKind.Relative) }, null, CancellationToken.None));

        Assert.Equal("https://hooks.example.com", batch.Metadata["ds_batch_finish_callback"]);
        JsonAssert.Equal(JsonDocument.Parse("""{"ds_batch_finish_callback":"https://hooks.example.com"}""").RootElement,
            JsonDocument.Parse(_fixture.Requests(id)[1].Body).RootElement.GetProperty("metadata"));
        Assert.Equal(DashScopeErrorKind.InvalidInput, refused.Kind);
        Assert.Contains("'/hook'", refused.Message);
        Assert.Equal(2, _fixture.Requests(id).Count);
    }

    [Fact]
    public async Task Recorded_pages_are_read_and_the_next_page_starts_after_the_last_id_of_the_one_before()
    {
        var id = _fixture.NewId("batch-recorded-pages");
        var client = Client(id, "scenario=list-batches-search-ds-name-compatible-nosse+list-batches-search-ds-name-second-page-compatible-nosse");
        var filter = new BatchListFilter { Name = "任务" };

        var first = await client.ListAsync(filter, null, 2, CancellationToken.None);
        var second = await client.ListAsync(filter, first.LastId, 1, CancellationToken.None);

        Assert.Equal(["batch_5b57e198-203e-49c8-bcc3-65e997d51754", "batch_2ecfc43e-439e-4443-bfe8-9a36b89456d0"], first.Items.Select(b => b.Id));
        Assert.Equal([QwenBatchStatus.Completed, QwenBatchStatus.Cancelled], first.Items.Select(b => b.Status));
        Assert.True(first.HasMore);
        Assert.Equal("batch_ee667cab-f2ee-409d-94f9-23618ca54016", Assert.Single(second.Items).Id);
        Assert.Equal(QwenBatchStatus.Failed, second.Items[0].Status);
        Assert.Equal("/compatible-mode/v1/batches?after=batch_2ecfc43e-439e-4443-bfe8-9a36b89456d0&limit=1&ds_name=%E4%BB%BB%E5%8A%A1", _fixture.Requests(id)[1].Path);
    }

    [Fact]
    public async Task A_batch_goes_validating_in_progress_finalizing_completed_and_its_results_come_in_input_order()
    {
        var id = _fixture.NewId("batch-life");
        var client = Client(id);
        var prompts = Enumerable.Range(1, 12).Select(i => "ticket " + i + (i == 5 ? " #fail" : "")).ToArray();
        var batch = await client.SubmitAsync(Write(client, prompts), null, null, CancellationToken.None);

        Assert.Equal(QwenBatchStatus.InProgress, (await client.GetAsync(batch.Id, CancellationToken.None)).Status);
        Assert.Equal(QwenBatchStatus.Finalizing, (await client.GetAsync(batch.Id, CancellationToken.None)).Status);
        var done = await client.GetAsync(batch.Id, CancellationToken.None);
        Assert.Equal(QwenBatchStatus.Completed, done.Status);
        Assert.Equal(12, done.RequestCounts.Total);
        Assert.Equal(11, done.RequestCounts.Completed);
        Assert.Equal(1, done.RequestCounts.Failed);
        Assert.NotNull(done.OutputFileId);
        Assert.NotNull(done.ErrorFileId);

        var results = await Receive(client, done, _folder);

        Assert.Equal(Enumerable.Range(1, 12), results.Select(r => r.Line));
        Assert.Equal(Enumerable.Range(1, 12).Select(n => n.ToString()), results.Select(r => r.CustomId));
        // The service wrote them in another order.
        var written = File.ReadAllLines(BatchStore.OutputPath(_folder, done.Id)).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("custom_id").GetString()).ToList();
        Assert.NotEqual(written.OrderBy(c => int.Parse(c!)).ToList(), written);

        var answer = Assert.IsType<QwenChatResult>(results[0].Value);
        Assert.Equal(ChatSimulator.AnswerFor("qwen-plus", "ticket 1"), answer.Text);
        Assert.Equal("ticket 1", answer.Prompt);
        Assert.Equal(["system", "user", "assistant"], answer.History.Select(m => m.Role));
        Assert.Equal("qwen-plus", answer.Model);
        Assert.Equal("stop", answer.FinishReason);
        Assert.True(answer.Completed);
        Assert.True(Guid.TryParse(answer.RequestId, out _));
        Assert.NotNull(answer.Usage!.TotalTokens);

        var failed = results[4];
        Assert.Null(failed.Value);
        Assert.Equal("ticket 5 #fail", failed.Input);
        Assert.Equal("invalid_parameter_error", failed.Error!.Code);
        Assert.Equal(400, failed.Error.StatusCode);
        Assert.Contains("line 5 (custom_id 5)", failed.Error.Message);
        Assert.Contains(done.Id, failed.Error.Message);
    }

    [Fact]
    public async Task Wait_reports_each_poll_and_returns_the_ended_batch()
    {
        var client = Client(_fixture.NewId("batch-wait"), "batchpolls=4");
        var batch = await client.SubmitAsync(Write(client, "a", "b"), null, null, CancellationToken.None);
        var seen = new List<QwenBatchStatus>();

        var done = await client.WaitAsync(batch.Id, Quick, new SyncProgress<QwenBatch>(b => seen.Add(b.Status)), CancellationToken.None);

        Assert.Equal(QwenBatchStatus.Completed, done.Status);
        Assert.Equal([QwenBatchStatus.InProgress, QwenBatchStatus.InProgress, QwenBatchStatus.Finalizing, QwenBatchStatus.Completed], seen);
    }

    [Fact]
    public async Task Waiting_can_time_out_without_touching_the_batch()
    {
        var client = Client(_fixture.NewId("batch-wait-timeout"), "batchpolls=1000");
        var batch = await client.SubmitAsync(Write(client, "a"), null, null, CancellationToken.None);

        var failure = await Assert.ThrowsAsync<DashScopeException>(() =>
            client.WaitAsync(batch.Id, new TaskWaitOptions { FirstInterval = TimeSpan.FromMilliseconds(10), MaximumInterval = TimeSpan.FromMilliseconds(10), Timeout = TimeSpan.FromMilliseconds(200) }, null, CancellationToken.None));

        Assert.Equal(DashScopeErrorKind.Timeout, failure.Kind);
        Assert.Contains(batch.Id, failure.Message);
        Assert.Equal(QwenBatchStatus.InProgress, Assert.IsType<QwenBatch>(failure.PartialResult).Status);
    }

    [Fact]
    public async Task Cancelling_ends_cancelled_with_every_unrun_line_in_the_error_file()
    {
        var client = Client(_fixture.NewId("batch-cancel"), "batchpolls=10");
        var batch = await client.SubmitAsync(Write(client, "a", "b", "c"), null, null, CancellationToken.None);
        await client.GetAsync(batch.Id, CancellationToken.None);

        var cancelling = await client.CancelAsync(batch.Id, CancellationToken.None);
        var cancelled = await client.WaitAsync(batch.Id, Quick, null, CancellationToken.None);

        Assert.Equal(QwenBatchStatus.Cancelling, cancelling.Status);
        Assert.Equal(QwenBatchStatus.Cancelled, cancelled.Status);
        Assert.Equal(cancelled.CancellingAt, cancelled.CancelledAt);
        Assert.Null(cancelled.OutputFileId);
        Assert.Equal(3, cancelled.RequestCounts.Failed);
        var results = await Receive(client, cancelled, _folder);
        Assert.Equal(["a", "b", "c"], results.Select(r => r.Input));
        Assert.All(results, r => Assert.Equal("batch_cancelled", r.Error!.Code));

        var again = await Assert.ThrowsAsync<DashScopeException>(() => client.CancelAsync(batch.Id, CancellationToken.None));
        Assert.Equal(400, again.StatusCode);
    }

    [Fact]
    public async Task An_expired_batch_gives_the_results_it_has_and_errors_for_the_rest()
    {
        var client = Client(_fixture.NewId("batch-expire"), "batchpolls=1,batchexpire");
        var batch = await client.SubmitAsync(Write(client, "a", "b", "c", "d"), null, null, CancellationToken.None);
        var expired = await client.WaitAsync(batch.Id, Quick, null, CancellationToken.None);

        Assert.Equal(QwenBatchStatus.Expired, expired.Status);
        var results = await Receive(client, expired, _folder);
        Assert.Equal([true, true, false, false], results.Select(r => r.Value is QwenChatResult));
        Assert.Equal("batch_expired", results[3].Error!.Code);
    }

    [Fact]
    public async Task A_batch_whose_lines_do_not_match_its_endpoint_fails_validation_naming_the_lines()
    {
        var id = _fixture.NewId("batch-invalid");
        var client = Client(id);
        var path = Path.Combine(_folder, "mixed.jsonl");
        File.WriteAllLines(path, [
            """{"custom_id":"1","method":"POST","url":"/v1/chat/completions","body":{"model":"batch-test-model","messages":[{"role":"user","content":"a"}]}}""",
            """{"custom_id":"2","method":"POST","url":"/v1/chat/completions","body":{"model":"batch-test-model","messages":[{"role":"user","content":"b"}]}}""",
        ]);
        var batch = await client.SubmitAsync(Assert.Single(BatchFileValidator.Prepare(path, client.Store.DraftFolder)), null, null, CancellationToken.None);

        var failed = await client.WaitAsync(batch.Id, Quick, null, CancellationToken.None);

        Assert.Equal(QwenBatchStatus.Failed, failed.Status);
        Assert.Equal([1, 2], failed.Errors.Select(e => e.Line));
        Assert.All(failed.Errors, e => Assert.Equal("mismatched_test_url", e.Code));
        Assert.Equal(path, client.Store.Find(batch.Id)!.InputPath);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task Results_are_downloaded_once_and_read_again_from_the_id_alone_in_a_new_session()
    {
        var id = _fixture.NewId("batch-again");
        var client = Client(id, "batchpolls=1");
        var batch = await client.SubmitAsync(Write(client, "x", "y"), null, null, CancellationToken.None);
        var done = await client.WaitAsync(batch.Id, Quick, null, CancellationToken.None);
        var first = await client.DownloadAsync(done, _folder, null, CancellationToken.None);
        Assert.True(first.DownloadedBytes > 0);

        // A new session: a new client over the same store, knowing only the id.
        var later = Client(id, "batchpolls=1");
        var known = await later.GetAsync(batch.Id, CancellationToken.None);
        var second = await later.DownloadAsync(known, _folder, null, CancellationToken.None);
        var results = later.OpenResults(known, second).Read(raw: false).ToList();

        Assert.Equal(0, second.DownloadedBytes);
        Assert.Single(_fixture.Requests(id), r => r.Path.EndsWith("/content", StringComparison.Ordinal));
        Assert.Equal(["x", "y"], results.Select(r => ((QwenChatResult)r.Value!).Prompt));
    }

    [Fact]
    public async Task Without_the_input_results_come_in_custom_id_order_and_raw_lines_as_written()
    {
        var id = _fixture.NewId("batch-noinput");
        var client = Client(id, "batchpolls=1");
        var batch = await client.SubmitAsync(Write(client, Enumerable.Range(1, 11).Select(i => "p" + i).ToArray()), null, null, CancellationToken.None);
        var done = await client.WaitAsync(batch.Id, Quick, null, CancellationToken.None);

        var elsewhere = Client(id, "batchpolls=1", store: "another-machine");
        var results = await Receive(elsewhere, done, Path.Combine(_folder, "elsewhere"));
        var raw = await Receive(elsewhere, done, Path.Combine(_folder, "elsewhere"), raw: true);

        Assert.Equal(Enumerable.Range(1, 11).Select(n => n.ToString()), results.Select(r => r.CustomId));
        Assert.All(results, r => Assert.Equal(0, r.Line));
        Assert.Equal(ChatSimulator.AnswerFor("qwen-plus", "p10"), ((QwenChatResult)results[9].Value!).Text);
        Assert.Null(((QwenChatResult)results[9].Value!).Prompt);
        Assert.Equal(Enumerable.Range(1, 11).Select(n => n.ToString()), raw.Select(r => JsonDocument.Parse(r.Raw!).RootElement.GetProperty("custom_id").GetString()));
    }

    [Fact]
    public async Task Embedding_batches_give_the_embeddings_of_their_inputs_at_the_inputs_positions()
    {
        var client = Client(_fixture.NewId("batch-embed"), "batchpolls=1");
        BatchInputPart part;
        using (var writer = new BatchInputWriter(client.Store.DraftFolder))
        {
            // Input 1 was skipped (an empty text, say): the lines keep the positions of their inputs.
            Assert.Equal("1", writer.Add(new CompatibleEmbeddingRequest { Model = "text-embedding-v4", Texts = ["代码改变世界"], Dimension = 64 }, 0));
            Assert.Equal("3", writer.Add(new CompatibleEmbeddingRequest { Model = "text-embedding-v4", Texts = ["second"], Dimension = 64 }, 2));
            Assert.Equal("4", writer.Add(new CompatibleEmbeddingRequest { Model = "text-embedding-v4", Texts = ["a", "b"], Dimension = 64 }));
            part = Assert.Single(writer.Complete());
        }
        var batch = await client.SubmitAsync(part, null, null, CancellationToken.None);
        var done = await client.WaitAsync(batch.Id, Quick, null, CancellationToken.None);

        Assert.Equal("/v1/embeddings", done.Endpoint);
        var results = await Receive(client, done, _folder);
        var first = Assert.IsType<QwenEmbedding>(results[0].Value);
        Assert.Equal(0, first.Index);
        Assert.Equal("代码改变世界", first.Text);
        Assert.Equal("代码改变世界", first.InputObject);
        Assert.Equal(ServiceSimulator.Vector("代码改变世界", 64).Select(v => (float)v), first.Embedding);
        Assert.Equal("text-embedding-v4", first.Model);
        Assert.True(first.Usage!.TotalTokens > 0);
        Assert.NotNull(first.RequestId);
        Assert.Equal(2, Assert.IsType<QwenEmbedding>(results[1].Value).Index);
        // A line of several texts (a file made elsewhere) gives one embedding per text, indexed within its line.
        var pair = Assert.IsType<QwenEmbedding[]>(results[2].Value);
        Assert.Equal(["a", "b"], pair.Select(e => e.Text));
        Assert.Equal([0, 1], pair.Select(e => e.Index));
    }

    [Fact]
    public async Task Lists_are_filtered_and_paged_as_the_service_pages_them()
    {
        var id = _fixture.NewId("batch-list");
        var client = Client(id);
        var first = await client.SubmitAsync(Write(client, "a"), new BatchOptions { Name = "夜间任务 1" }, null, CancellationToken.None);
        var second = await client.SubmitAsync(Write(client, "b"), new BatchOptions { Name = "夜间任务 2" }, null, CancellationToken.None);
        var other = await client.SubmitAsync(Write(client, "c"), new BatchOptions { Name = "other" }, null, CancellationToken.None);
        await client.CancelAsync(other.Id, CancellationToken.None);

        var page1 = await client.ListAsync(new BatchListFilter { Name = "任务" }, null, 1, CancellationToken.None);
        var page2 = await client.ListAsync(new BatchListFilter { Name = "任务" }, page1.LastId, 1, CancellationToken.None);
        var page3 = await client.ListAsync(new BatchListFilter { Name = "任务" }, page2.LastId, 1, CancellationToken.None);
        var byStatus = await client.ListAsync(new BatchListFilter { Status = [QwenBatchStatus.Cancelling, QwenBatchStatus.Cancelled] }, null, null, CancellationToken.None);
        var byFile = await client.ListAsync(new BatchListFilter { InputFileIds = [first.InputFileId!] }, null, null, CancellationToken.None);
        var future = await client.ListAsync(new BatchListFilter { CreatedAfter = DateTimeOffset.UtcNow.AddHours(1) }, null, null, CancellationToken.None);
        var recent = await client.ListAsync(new BatchListFilter { CreatedAfter = DateTimeOffset.UtcNow.AddMinutes(-5), CreatedBefore = DateTimeOffset.UtcNow.AddMinutes(5) }, null, null, CancellationToken.None);

        Assert.Equal([second.Id], page1.Items.Select(b => b.Id));
        Assert.True(page1.HasMore);
        Assert.Equal([first.Id], page2.Items.Select(b => b.Id));
        Assert.False(page2.HasMore);
        Assert.Empty(page3.Items);
        Assert.Equal([other.Id], byStatus.Items.Select(b => b.Id));
        Assert.Equal([first.Id], byFile.Items.Select(b => b.Id));
        Assert.Empty(future.Items);
        Assert.Equal(3, recent.Items.Count);
        var query = _fixture.Requests(id).Where(r => r.Method == "GET").Select(r => r.Path).ToList();
        Assert.Contains("/compatible-mode/v1/batches?limit=1&ds_name=%E4%BB%BB%E5%8A%A1", query);
        Assert.Contains("/compatible-mode/v1/batches?after=" + page1.LastId + "&limit=1&ds_name=%E4%BB%BB%E5%8A%A1", query);
        Assert.Contains("/compatible-mode/v1/batches?status=cancelling%2Ccancelled", query);
    }

    [Fact]
    public async Task Bad_options_fail_before_anything_is_sent_and_an_upload_is_deleted_when_the_batch_cannot_be_created()
    {
        var id = _fixture.NewId("batch-bad");
        var client = Client(id);
        var part = Write(client, "a");

        var window = await Assert.ThrowsAsync<DashScopeException>(() => client.SubmitAsync(part, new BatchOptions { CompletionWindow = "2h" }, null, CancellationToken.None));
        Assert.Equal(DashScopeErrorKind.InvalidInput, window.Kind);
        Assert.Empty(_fixture.Requests(id));

        var named = await Assert.ThrowsAsync<DashScopeException>(() => client.SubmitAsync(part, new BatchOptions { Name = new string('n', 101) }, null, CancellationToken.None));
        Assert.Equal(DashScopeErrorKind.InvalidInput, named.Kind);
        Assert.Empty(_fixture.Requests(id));

        var refused = await Assert.ThrowsAsync<DashScopeException>(() =>
            client.SubmitAsync(new BatchInputPart(part.Path, "/v1/unknown", part.Lines, part.Bytes, owned: false), null, null, CancellationToken.None));
        Assert.Equal(400, refused.StatusCode);
        var requests = _fixture.Requests(id);
        Assert.Equal(["POST", "POST", "DELETE"], requests.Select(r => r.Method));
        Assert.Equal("/compatible-mode/v1/batches", requests[1].Path);
        Assert.StartsWith("/compatible-mode/v1/files/file-batch-", requests[2].Path);
        Assert.Empty(_fixture.Server.Files.For(id));
        Assert.Null(client.Store.Find("anything"));
    }
}
