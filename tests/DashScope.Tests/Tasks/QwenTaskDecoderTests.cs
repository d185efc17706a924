using System.Globalization;
using System.Text.Json;
using DashScope.Models;
using DashScope.Tasks;
using Xunit;

namespace DashScope.Tests.Tasks;

/// <summary>Task answers in the shapes the protocol allows beyond the recordings.</summary>
public class QwenTaskDecoderTests
{
    private static QwenTask Decode(string json)
    {
        using var document = JsonDocument.Parse(json);
        return QwenTaskDecoder.Decode(document.RootElement, "r-1");
    }

    [Fact]
    public void Times_without_milliseconds_are_read_as_beijing_time()
    {
        var task = Decode("""{"output":{"task_id":"t","task_status":"SUCCEEDED","submit_time":"2024-03-02 22:22:21","end_time":"2024-03-02 22:22:23.5"}}""");

        Assert.Equal(DateTimeOffset.Parse("2024-03-02T22:22:21+08:00", CultureInfo.InvariantCulture), task.SubmitTime);
        Assert.Equal(DateTimeOffset.Parse("2024-03-02T14:22:23.5Z", CultureInfo.InvariantCulture), task.EndTime);
        Assert.Null(task.ScheduledTime);
    }

    [Fact]
    public void A_failed_task_carries_the_services_code_and_message()
    {
        var task = Decode("""{"request_id":"e5e57877","output":{"task_id":"eff1443c","task_status":"FAILED","code":"InvalidParameter","message":"bad size"}}""");

        Assert.Equal(QwenTaskStatus.Failed, task.Status);
        Assert.True(task.IsTerminal);
        Assert.Equal("InvalidParameter", task.Code);
        Assert.Equal("bad size", task.Message);
        Assert.Equal("r-1", task.RequestId);
        Assert.Equal("eff1443c FAILED InvalidParameter: bad size", task.ToString());
    }

    [Theory]
    [InlineData("PENDING", QwenTaskStatus.Pending, false)]
    [InlineData("RUNNING", QwenTaskStatus.Running, false)]
    [InlineData("SUSPENDED", QwenTaskStatus.Suspended, false)]
    [InlineData("SUCCEEDED", QwenTaskStatus.Succeeded, true)]
    [InlineData("FAILED", QwenTaskStatus.Failed, true)]
    [InlineData("CANCELED", QwenTaskStatus.Canceled, true)]
    [InlineData("CANCELLED", QwenTaskStatus.Canceled, true)]
    [InlineData("UNKNOWN", QwenTaskStatus.Unknown, true)]
    [InlineData("ARCHIVED", QwenTaskStatus.Unknown, true)]
    public void Statuses(string text, QwenTaskStatus status, bool terminal)
    {
        var task = Decode("""{"output":{"task_id":"t","task_status":"__"}}""".Replace("__", text));

        Assert.Equal(status, task.Status);
        Assert.Equal(terminal, task.IsTerminal);
        Assert.Equal(text, task.StatusText);
    }

    [Fact]
    public void An_answer_without_output_is_an_unknown_task()
    {
        var task = Decode("""{"request_id":"x"}""");

        Assert.Equal(QwenTaskStatus.Unknown, task.Status);
        Assert.Empty(task.Output);
    }
}
