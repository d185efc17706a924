using DashScope.Transport;
using Xunit;

namespace DashScope.Tests.Transport;

public class RetryPolicyTests
{
    [Theory]
    [InlineData(1, 500, 1000)]
    [InlineData(2, 1000, 2000)]
    [InlineData(3, 2000, 4000)]
    [InlineData(4, 4000, 8000)]
    public void Backoff_doubles_with_equal_jitter(int retry, int lowMs, int highMs)
    {
        var policy = new RetryPolicy(5, TimeSpan.FromSeconds(1));
        var delays = Enumerable.Range(0, 300).Select(_ => policy.GetDelay(retry, null)).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromMilliseconds(lowMs), TimeSpan.FromMilliseconds(highMs)));
        // Jitter really varies the wait (workers spread out), across most of the range.
        Assert.True(delays.Distinct().Count() > 100, "only " + delays.Distinct().Count() + " distinct delays");
        Assert.True(delays.Min() < TimeSpan.FromMilliseconds(lowMs + (highMs - lowMs) * 0.2));
        Assert.True(delays.Max() > TimeSpan.FromMilliseconds(highMs - (highMs - lowMs) * 0.2));
    }

    [Fact]
    public void Backoff_is_capped_by_the_maximum_interval()
    {
        var policy = new RetryPolicy(50, TimeSpan.FromSeconds(10)) { MaximumInterval = TimeSpan.FromSeconds(15) };

        Assert.All(Enumerable.Range(0, 100), _ => Assert.InRange(policy.GetDelay(3, null), TimeSpan.FromSeconds(7.5), TimeSpan.FromSeconds(15)));
        // Far retries do not overflow into negative or huge waits.
        foreach (var retry in new[] { 10, 17, 31, 40, 63, 64, 100, 1000 })
            Assert.InRange(policy.GetDelay(retry, null), TimeSpan.FromSeconds(7.5), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public void Default_maximum_interval_is_two_minutes()
    {
        var policy = new RetryPolicy(3, TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromMinutes(2), policy.MaximumInterval);
        Assert.InRange(policy.GetDelay(30, null), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2));
    }

    [Fact]
    public void Retry_after_wins_over_the_backoff()
    {
        var policy = new RetryPolicy(3, TimeSpan.FromSeconds(2));

        Assert.Equal(TimeSpan.FromSeconds(7), policy.GetDelay(1, TimeSpan.FromSeconds(7)));
        Assert.Equal(TimeSpan.FromMilliseconds(100), policy.GetDelay(3, TimeSpan.FromMilliseconds(100)));
        Assert.Equal(TimeSpan.Zero, policy.GetDelay(2, TimeSpan.Zero));
    }

    [Fact]
    public void Retry_after_is_capped_too()
    {
        var policy = new RetryPolicy(3, TimeSpan.FromSeconds(2)) { MaximumInterval = TimeSpan.FromSeconds(30) };
        Assert.Equal(TimeSpan.FromSeconds(30), policy.GetDelay(1, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Zero_base_interval_means_no_wait()
    {
        var policy = new RetryPolicy(3, TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, policy.GetDelay(1, null));
        Assert.Equal(TimeSpan.Zero, policy.GetDelay(5, null));
    }

    [Fact]
    public void Constructor_refuses_negative_values()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(-1, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(1, TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void Default_policy_does_not_retry()
    {
        Assert.Equal(0, RetryPolicy.Default.MaximumRetryCount);
    }

    [Theory]
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    [InlineData(413, false)]
    [InlineData(415, false)]
    [InlineData(200, false)]
    public void Retryable_statuses(int status, bool retryable)
    {
        Assert.Equal(retryable, RetryPolicy.IsRetryableStatus(status));
        Assert.Equal(retryable, new DashScopeException(DashScopeErrorKind.Service, "x", status, "Code", null, null).IsTransient);
    }

    [Theory]
    [InlineData(DashScopeErrorKind.Network, true)]
    [InlineData(DashScopeErrorKind.Timeout, false)]
    [InlineData(DashScopeErrorKind.Protocol, false)]
    [InlineData(DashScopeErrorKind.MissingApiKey, false)]
    [InlineData(DashScopeErrorKind.Configuration, false)]
    [InlineData(DashScopeErrorKind.InvalidInput, false)]
    public void Transient_kinds(DashScopeErrorKind kind, bool transient)
    {
        Assert.Equal(transient, new DashScopeException(kind, "x").IsTransient);
    }
}
