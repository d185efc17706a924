using System.Net;
using DashScope.Transport;
using Xunit;

namespace DashScope.Tests.Transport;

public class HttpClientCacheTests
{
    private static ConnectionSettings Settings(string baseUri = "https://dashscope.aliyuncs.com/api/v1") =>
        new(new Uri(baseUri), ApiKey.FromString("sk-test-1234567890", "test"));

    [Fact]
    public void One_client_per_proxy_configuration_shared_across_calls_and_hosts()
    {
        var first = HttpClientCache.For(Settings());
        var second = HttpClientCache.For(Settings("https://dashscope-intl.aliyuncs.com/api/v1"));
        Assert.Same(first, second);
        Assert.Equal(Timeout.InfiniteTimeSpan, first.Timeout);

        var noProxy = Settings();
        noProxy.NoProxy = true;
        Assert.NotSame(first, HttpClientCache.For(noProxy));
        Assert.Same(HttpClientCache.For(noProxy), HttpClientCache.For(noProxy));

        var proxyA = Settings();
        proxyA.Proxy = new Uri("http://proxy-a.example:3128");
        var proxyB = Settings();
        proxyB.Proxy = new Uri("http://proxy-b.example:3128");
        Assert.NotSame(HttpClientCache.For(proxyA), HttpClientCache.For(proxyB));
        Assert.NotSame(first, HttpClientCache.For(proxyA));

        var withCredential = Settings();
        withCredential.Proxy = new Uri("http://proxy-a.example:3128");
        withCredential.ProxyCredential = new NetworkCredential("user", "secret");
        Assert.NotSame(HttpClientCache.For(proxyA), HttpClientCache.For(withCredential));
    }
}
