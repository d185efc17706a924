using DashScope.Models;
using Xunit;

namespace DashScope.Tests.Tasks;

/// <summary>What a refreshed task keeps from an earlier view of it.</summary>
public class QwenTaskTests
{
    [Fact]
    public void A_refreshed_task_keeps_the_model_its_answer_does_not_name()
    {
        var earlier = new QwenTask { TaskId = "t-1", Model = "wan2.2-t2i-flash" };
        var now = new QwenTask { TaskId = "t-1", Status = QwenTaskStatus.Succeeded };

        Assert.Same(now, now.KeepKnown(earlier));
        Assert.Equal("wan2.2-t2i-flash", now.Model);
        Assert.Equal(QwenTaskStatus.Succeeded, now.Status);
    }

    [Fact]
    public void What_the_answer_says_wins_and_another_tasks_view_is_ignored()
    {
        var named = new QwenTask { TaskId = "t-1", Model = "wanx-v1" };
        Assert.Equal("wanx-v1", named.KeepKnown(new QwenTask { TaskId = "t-1", Model = "other" }).Model);

        var other = new QwenTask { TaskId = "t-2" };
        Assert.Null(other.KeepKnown(new QwenTask { TaskId = "t-1", Model = "wanx-v1" }).Model);
        Assert.Null(other.KeepKnown(null).Model);
    }
}
