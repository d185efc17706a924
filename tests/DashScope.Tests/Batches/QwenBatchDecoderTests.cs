using System.Text.Json;
using DashScope.Batches;
using DashScope.Models;
using Xunit;

namespace DashScope.Tests.Batches;

/// <summary>Batch objects and lists as the service sent them (tests/recordings/*-batch-*, list-batches-*).</summary>
public class QwenBatchDecoderTests
{
    private static JsonElement Recorded(string name)
    {
        using var document = JsonDocument.Parse(TestPaths.ResponseBody(name));
        return document.RootElement.Clone();
    }

    [Fact]
    public void A_created_batch_is_validating_with_its_metadata_and_no_times()
    {
        var batch = QwenBatchDecoder.Decode(Recorded("create-batch-compatible-nosse"), "r1");

        Assert.Equal("batch_fa05d570-fa04-4935-8b80-2b9c1a4b3ee4", batch.Id);
        Assert.Equal(QwenBatchStatus.Validating, batch.Status);
        Assert.False(batch.IsTerminal);
        Assert.Equal("/v1/chat/ds-test", batch.Endpoint);
        Assert.Equal("file-batch-61875e1242854691b8bfd17d", batch.InputFileId);
        Assert.Equal("24h", batch.CompletionWindow);
        Assert.Equal("测试任务", batch.Name);
        Assert.Equal("任务描述", batch.Description);
        Assert.Equal("https://www.cnblogs.com", batch.Metadata["ds_batch_finish_callback"]);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1776414394), batch.CreatedAt);
        Assert.Null(batch.InProgressAt);
        Assert.Equal(0, batch.RequestCounts.Total);
        Assert.Empty(batch.Errors);
        Assert.Equal("r1", batch.RequestId);
    }

    [Fact]
    public void A_completed_batch_has_its_output_file_counts_and_times()
    {
        var batch = QwenBatchDecoder.Decode(Recorded("get-completed-batch-compatible-nosse"), null);

        Assert.Equal(QwenBatchStatus.Completed, batch.Status);
        Assert.True(batch.IsTerminal);
        Assert.Equal("file-batch_output-c5f57bf1fbc749cdae9676ba", batch.OutputFileId);
        Assert.Null(batch.ErrorFileId);
        Assert.Equal(2, batch.RequestCounts.Total);
        Assert.Equal(2, batch.RequestCounts.Completed);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1776433053), batch.CompletedAt);
    }

    [Fact]
    public void Cancelling_and_cancelled_batches_are_read_as_recorded()
    {
        var cancelling = QwenBatchDecoder.Decode(Recorded("cancel-batch-compatible-nosse"), null);
        var cancelled = QwenBatchDecoder.Decode(Recorded("get-cancelled-batch-compatible-nosse"), null);

        Assert.Equal(QwenBatchStatus.Cancelling, cancelling.Status);
        Assert.False(cancelling.IsTerminal);
        Assert.Null(cancelling.CancellingAt);
        Assert.Equal(QwenBatchStatus.Cancelled, cancelled.Status);
        Assert.Equal(cancelled.CancellingAt, cancelled.CancelledAt);
        Assert.Equal("file-batch_output-e034f08204314479a8ac4f18", cancelled.ErrorFileId);
        Assert.Equal(2, cancelled.RequestCounts.Failed);
    }

    [Fact]
    public void A_failed_validation_names_the_line()
    {
        var batch = QwenBatchDecoder.Decode(Recorded("get-invalid-batch-compatible-nosse"), null);

        Assert.Equal(QwenBatchStatus.Failed, batch.Status);
        var error = Assert.Single(batch.Errors);
        Assert.Equal("url_not_found", error.Code);
        Assert.Equal("url", error.Param);
        Assert.Equal(1, error.Line);
        Assert.Contains("'/v1/chat/completion'", error.Message);
    }

    [Fact]
    public void Pages_carry_first_and_last_ids_and_whether_more_follow()
    {
        var page = QwenBatchDecoder.DecodePage(Recorded("list-batches-search-ds-name-compatible-nosse"), null);
        var second = QwenBatchDecoder.DecodePage(Recorded("list-batches-search-ds-name-second-page-compatible-nosse"), null);
        var empty = QwenBatchDecoder.DecodePage(Recorded("list-batches-empty-compatible-nosse"), null);

        Assert.Equal(2, page.Items.Count);
        Assert.True(page.HasMore);
        Assert.Equal(page.Items[^1].Id, page.LastId);
        Assert.Equal("mismatched_test_url", second.Items[0].Errors[1].Code);
        Assert.Equal(2, second.Items[0].Errors[1].Line);
        Assert.Empty(empty.Items);
        Assert.False(empty.HasMore);
        Assert.Null(empty.LastId);
    }

    [Theory]
    [InlineData("validating", QwenBatchStatus.Validating)]
    [InlineData("in_progress", QwenBatchStatus.InProgress)]
    [InlineData("finalizing", QwenBatchStatus.Finalizing)]
    [InlineData("expired", QwenBatchStatus.Expired)]
    [InlineData("paused", QwenBatchStatus.Unknown)]
    public void Every_status_spelling_is_known(string text, QwenBatchStatus status)
    {
        Assert.Equal(status, QwenBatchDecoder.StatusOf(text));
        if (status != QwenBatchStatus.Unknown) Assert.Equal(text, QwenBatchDecoder.WireName(status));
    }
}
