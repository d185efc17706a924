using DashScope.Conversations;
using DashScope.Models;
using Xunit;

namespace DashScope.Tests.Conversations;

public sealed class ChatUsageTotalsTests
{
    [Fact]
    public void The_last_usage_of_each_request_counts()
    {
        var totals = new ChatUsageTotals();
        Assert.Equal("No tokens used yet", totals.ToString());
        totals.Observe("a", new QwenUsage { InputTokens = 10, OutputTokens = 1, TotalTokens = 11 });
        totals.Observe("a", new QwenUsage { InputTokens = 10, OutputTokens = 5, TotalTokens = 15 });
        totals.Observe("b", new QwenUsage { InputTokens = 1200, OutputTokens = 30, TotalTokens = 1230, ReasoningTokens = 20 });
        totals.Observe("c", null);

        Assert.Equal(2, totals.Requests);
        Assert.Equal(1210, totals.InputTokens);
        Assert.Equal(35, totals.OutputTokens);
        Assert.Equal(1245, totals.TotalTokens);
        Assert.Equal("2 requests, 1,245 tokens: in 1,210, out 35 (reasoning 20)", totals.ToString());
    }

    [Fact]
    public void Usage_without_a_request_id_counts_once_per_report_and_a_missing_total_is_the_sum()
    {
        var totals = new ChatUsageTotals();
        totals.Observe(null, new QwenUsage { InputTokens = 3, OutputTokens = 4 });
        Assert.Equal(1, totals.Requests);
        Assert.Equal(7, totals.TotalTokens);
    }
}
