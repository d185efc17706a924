using DashScope.Transport;
using Xunit;

namespace DashScope.Tests.Transport;

public class ConnectionSettingsTests
{
    private static ConnectionSettings Settings(string baseUri = "https://dashscope.aliyuncs.com/api/v1") =>
        new(new Uri(baseUri), ApiKey.FromString("sk-test-1234567890", "test"));

    [Theory]
    [InlineData("http://dashscope.aliyuncs.com/api/v1/services/x")]
    [InlineData("http://10.0.0.5:8080/api/v1/")]
    [InlineData("http://localhost.example.com/api/v1/")]
    [InlineData("http://192.168.1.1/api/v1/")]
    public void Key_is_refused_over_http_to_another_host(string target)
    {
        var settings = Settings();
        var error = Assert.Throws<DashScopeException>(() => settings.EnsureKeyIsProtected(new Uri(target)));

        Assert.Equal(DashScopeErrorKind.Configuration, error.Kind);
        Assert.Contains(new Uri(target).Host, error.Message);
        Assert.Contains("AllowUnencryptedAuthentication", error.Message);
        Assert.DoesNotContain("sk-test-1234567890", error.Message);
    }

    [Theory]
    [InlineData("https://dashscope.aliyuncs.com/api/v1/services/x")]
    [InlineData("https://10.0.0.5/api/v1/")]
    [InlineData("http://127.0.0.1:5000/api/v1/")]
    [InlineData("http://localhost:5000/api/v1/")]
    [InlineData("http://[::1]:5000/api/v1/")]
    public void Https_and_loopback_http_are_allowed(string target)
    {
        Settings().EnsureKeyIsProtected(new Uri(target));
    }

    [Fact]
    public void AllowUnencryptedAuthentication_allows_http_anywhere()
    {
        var settings = Settings();
        settings.AllowUnencryptedAuthentication = true;
        settings.EnsureKeyIsProtected(new Uri("http://dashscope.aliyuncs.com/api/v1/"));
    }

    [Fact]
    public void Base_uri_is_normalised_and_defaults_are_sane()
    {
        var settings = Settings("https://dashscope.aliyuncs.com/api/v1");

        Assert.Equal("https://dashscope.aliyuncs.com/api/v1/", settings.BaseUri.AbsoluteUri);
        Assert.Equal("https://dashscope.aliyuncs.com/api/v1/services/aigc/text-generation/generation",
            new Uri(settings.BaseUri, "services/aigc/text-generation/generation").AbsoluteUri);
        Assert.Equal(TimeSpan.FromSeconds(300), settings.IdleTimeout);
        Assert.Null(settings.Timeout);
        Assert.False(settings.AllowUnencryptedAuthentication);
        Assert.StartsWith("DashScope.PowerShell/", settings.UserAgent);
    }

    [Fact]
    public void Base_uri_that_is_not_http_is_a_configuration_error()
    {
        var error = Assert.Throws<DashScopeException>(() => Settings("ftp://dashscope.aliyuncs.com/api/v1"));
        Assert.Equal(DashScopeErrorKind.Configuration, error.Kind);
    }

    [Theory]
    [InlineData("https://dashscope.aliyuncs.com/api/v1", "Native", "https://dashscope.aliyuncs.com/api/v1/", "https://dashscope.aliyuncs.com/compatible-mode/v1/", true)]
    [InlineData("https://dashscope-intl.aliyuncs.com/compatible-mode/v1", "Compatible", "https://dashscope-intl.aliyuncs.com/api/v1/", "https://dashscope-intl.aliyuncs.com/compatible-mode/v1/", true)]
    [InlineData("https://gw.example.com/ai/compatible-mode/v1/", "Compatible", "https://gw.example.com/ai/api/v1/", "https://gw.example.com/ai/compatible-mode/v1/", true)]
    [InlineData("http://gpu01:8000/v1", "Compatible", "http://gpu01:8000/v1/", "http://gpu01:8000/v1/", false)]
    [InlineData("http://localhost:11434/v1/", "Compatible", "http://localhost:11434/v1/", "http://localhost:11434/v1/", false)]
    public void The_base_uri_says_the_protocol_and_both_bases(string given, string protocol, string native, string compatible, bool dashScope)
    {
        var settings = new ConnectionSettings(new Uri(given), ApiKey.None);

        Assert.Equal(protocol, settings.Protocol.ToString());
        Assert.Equal(native, settings.BaseUri.AbsoluteUri);
        Assert.Equal(compatible, settings.CompatibleBaseUri.AbsoluteUri);
        Assert.Equal(dashScope, settings.IsDashScope);
    }

    [Fact]
    public void An_explicit_protocol_wins_over_the_path()
    {
        var settings = new ConnectionSettings(new Uri("https://dashscope.aliyuncs.com/api/v1"), ApiKey.None, DashScope.Catalog.ModelProtocol.Compatible);

        Assert.Equal(DashScope.Catalog.ModelProtocol.Compatible, settings.Protocol);
        Assert.Equal("https://dashscope.aliyuncs.com/compatible-mode/v1/", settings.CompatibleBaseUri.AbsoluteUri);
    }

    [Fact]
    public void Without_a_key_plain_http_to_another_host_is_not_refused()
    {
        var settings = new ConnectionSettings(new Uri("http://gpu01:8000/v1"), ApiKey.None);

        settings.EnsureKeyIsProtected(new Uri("http://gpu01:8000/v1/chat/completions"));
        Assert.Throws<DashScopeException>(() => new ConnectionSettings(new Uri("http://gpu01:8000/v1"), ApiKey.FromString("sk-local", "test"))
            .EnsureKeyIsProtected(new Uri("http://gpu01:8000/v1/chat/completions")));
    }

    [Theory]
    [InlineData("Authorization")]
    [InlineData("authorization")]
    [InlineData("Content-Type")]
    [InlineData("CONTENT-TYPE")]
    [InlineData("Content-Length")]
    [InlineData("Host")]
    public void Headers_the_client_owns_are_refused_by_name(string name)
    {
        var settings = Settings();
        var error = Assert.Throws<DashScopeException>(() => settings.Headers = new Dictionary<string, string> { [name] = "x" });

        Assert.Equal(DashScopeErrorKind.InvalidInput, error.Kind);
        Assert.Contains("-Header cannot set " + name, error.Message);
        Assert.Empty(settings.Headers);
    }

    [Fact]
    public void Refusing_content_type_does_not_talk_about_the_key()
    {
        var error = Assert.Throws<DashScopeException>(() => Settings().Headers = new Dictionary<string, string> { ["Content-Type"] = "text/plain" });
        Assert.DoesNotContain("key", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Bad Name")]
    [InlineData("X-A:")]
    [InlineData("")]
    [InlineData(" ")]
    public void A_header_name_that_is_not_one_is_refused(string name)
    {
        var error = Assert.Throws<DashScopeException>(() => Settings().Headers = new Dictionary<string, string> { [name] = "x" });
        Assert.Equal(DashScopeErrorKind.InvalidInput, error.Kind);
    }

    [Theory]
    [InlineData("a\r\nX-Injected: b")]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    public void A_header_value_with_a_line_break_is_refused(string value)
    {
        // It would end the header there and start another.
        var error = Assert.Throws<DashScopeException>(() => Settings().Headers = new Dictionary<string, string> { ["X-Test"] = value });
        Assert.Equal(DashScopeErrorKind.InvalidInput, error.Kind);
        Assert.Contains("X-Test", error.Message);
    }

    [Fact]
    public void Other_headers_are_kept()
    {
        var settings = Settings();
        settings.Headers = new Dictionary<string, string> { ["X-DashScope-DataInspection"] = "{\"input\":\"cip\",\"output\":\"cip\"}" };
        Assert.Equal("{\"input\":\"cip\",\"output\":\"cip\"}", settings.Headers["X-DashScope-DataInspection"]);
    }
}
