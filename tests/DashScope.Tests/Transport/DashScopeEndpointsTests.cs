using DashScope.Transport;
using Xunit;

namespace DashScope.Tests.Transport;

public class DashScopeEndpointsTests
{
    private static Func<string, string?> Environment(string? baseUrl) =>
        name => name == DashScopeEndpoints.BaseUrlVariable ? baseUrl : null;

    [Theory]
    [InlineData(DashScopeRegion.Beijing, "https://dashscope.aliyuncs.com/api/v1/")]
    [InlineData(DashScopeRegion.Singapore, "https://dashscope-intl.aliyuncs.com/api/v1/")]
    [InlineData(DashScopeRegion.US, "https://dashscope-us.aliyuncs.com/api/v1/")]
    [InlineData(DashScopeRegion.HongKong, "https://cn-hongkong.dashscope.aliyuncs.com/api/v1/")]
    public void Region_hosts(DashScopeRegion region, string expected)
    {
        Assert.Equal(expected, DashScopeEndpoints.ForRegion(region).AbsoluteUri);
        Assert.Equal(expected, DashScopeEndpoints.Resolve(null, region, null, Environment(null)).AbsoluteUri);
    }

    [Fact]
    public void Explicit_base_wins_over_everything()
    {
        var resolved = DashScopeEndpoints.Resolve(new Uri("http://127.0.0.1:1234/x/api/v1"), DashScopeRegion.Singapore,
            new Uri("https://session.example.com/api/v1/"), Environment("https://env.example.com/api/v1"));

        Assert.Equal("http://127.0.0.1:1234/x/api/v1/", resolved.AbsoluteUri);
    }

    [Fact]
    public void Region_comes_before_the_session_default()
    {
        var resolved = DashScopeEndpoints.Resolve(null, DashScopeRegion.US, new Uri("https://session.example.com/api/v1/"), Environment("https://env.example.com/api/v1"));
        Assert.Equal("https://dashscope-us.aliyuncs.com/api/v1/", resolved.AbsoluteUri);
    }

    [Fact]
    public void Session_default_comes_before_the_environment()
    {
        var resolved = DashScopeEndpoints.Resolve(null, null, new Uri("https://session.example.com/api/v1"), Environment("https://env.example.com/api/v1"));
        Assert.Equal("https://session.example.com/api/v1/", resolved.AbsoluteUri);
    }

    [Fact]
    public void Environment_comes_before_beijing()
    {
        var resolved = DashScopeEndpoints.Resolve(null, null, null, Environment("  https://env.example.com/api/v1  "));
        Assert.Equal("https://env.example.com/api/v1/", resolved.AbsoluteUri);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Beijing_is_the_default(string? environment)
    {
        Assert.Equal("https://dashscope.aliyuncs.com/api/v1/", DashScopeEndpoints.Resolve(null, null, null, Environment(environment)).AbsoluteUri);
    }

    [Theory]
    [InlineData("dashscope.aliyuncs.com/api/v1")]
    [InlineData("ftp://dashscope.aliyuncs.com/api/v1")]
    [InlineData("not a url")]
    public void Bad_environment_base_is_a_configuration_error(string environment)
    {
        var error = Assert.Throws<DashScopeException>(() => DashScopeEndpoints.Resolve(null, null, null, Environment(environment)));
        Assert.Equal(DashScopeErrorKind.Configuration, error.Kind);
        Assert.Contains(DashScopeEndpoints.BaseUrlVariable, error.Message);
    }

    [Theory]
    [InlineData("https://dashscope.aliyuncs.com/api/v1", "https://dashscope.aliyuncs.com/api/v1/")]
    [InlineData("https://dashscope.aliyuncs.com/api/v1/", "https://dashscope.aliyuncs.com/api/v1/")]
    [InlineData("https://dashscope.aliyuncs.com/api/v1?x=1#frag", "https://dashscope.aliyuncs.com/api/v1/")]
    [InlineData("http://127.0.0.1:5000/x/scenario%3Dsingle-generation-text-sse%2Cgap%3D50/api/v1", "http://127.0.0.1:5000/x/scenario%3Dsingle-generation-text-sse%2Cgap%3D50/api/v1/")]
    public void Normalize_ensures_one_trailing_slash(string input, string expected)
    {
        var normalized = DashScopeEndpoints.Normalize(new Uri(input));
        Assert.Equal(expected, normalized.AbsoluteUri);
        // Relative service paths append under /api/v1/ instead of replacing its last segment.
        Assert.EndsWith("/api/v1/services/aigc/text-generation/generation", new Uri(normalized, "services/aigc/text-generation/generation").AbsolutePath);
    }

    [Fact]
    public void Normalize_refuses_relative_and_non_http_uris()
    {
        Assert.Equal(DashScopeErrorKind.Configuration, Assert.Throws<DashScopeException>(() => DashScopeEndpoints.Normalize(new Uri("api/v1", UriKind.Relative))).Kind);
        Assert.Equal(DashScopeErrorKind.Configuration, Assert.Throws<DashScopeException>(() => DashScopeEndpoints.Normalize(new Uri("file:///tmp/api/v1"))).Kind);
    }

    [Theory]
    [InlineData("https://dashscope.aliyuncs.com/api/v1/", "https://dashscope.aliyuncs.com/compatible-mode/v1/")]
    [InlineData("https://dashscope-intl.aliyuncs.com/api/v1/", "https://dashscope-intl.aliyuncs.com/compatible-mode/v1/")]
    [InlineData("http://127.0.0.1:5000/x/id%3Da/api/v1/", "http://127.0.0.1:5000/x/id%3Da/compatible-mode/v1/")]
    [InlineData("https://proxy.example.com/dashscope/", "https://proxy.example.com/dashscope/compatible-mode/v1/")]
    public void Compatible_base_is_on_the_same_host(string native, string expected)
    {
        Assert.Equal(expected, DashScopeEndpoints.CompatibleBase(new Uri(native)).AbsoluteUri);
    }
}
