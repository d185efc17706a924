using System.Security;
using DashScope.Transport;
using Xunit;

namespace DashScope.Tests.Transport;

public class ApiKeyTests
{
    private const string Secret = "sk-abcdef0123456789";

    [Fact]
    public void ToString_never_shows_the_key()
    {
        var key = ApiKey.FromString(Secret, "test");

        Assert.Equal(ApiKey.Mask, key.ToString());
        Assert.DoesNotContain(Secret, key.ToString());
        Assert.DoesNotContain(Secret, $"key: {key}");
        Assert.DoesNotContain("abcdef", key.ToString());
        Assert.Equal("test", key.Source);
    }

    [Fact]
    public void Redact_replaces_every_occurrence()
    {
        var key = ApiKey.FromString(Secret, "test");

        var redacted = key.Redact("Authorization: Bearer " + Secret + " and again " + Secret + ".");

        Assert.DoesNotContain(Secret, redacted);
        Assert.Equal("Authorization: Bearer " + ApiKey.Mask + " and again " + ApiKey.Mask + ".", redacted);
        Assert.Equal("nothing secret", key.Redact("nothing secret"));
        Assert.Equal(string.Empty, key.Redact(null));
        Assert.Equal(string.Empty, key.Redact(string.Empty));
    }

    [Fact]
    public void Key_from_a_secure_string_is_the_same_key()
    {
        var secure = new System.Security.SecureString();
        foreach (var character in Secret) secure.AppendChar(character);

        var key = ApiKey.FromSecureString(secure, "secure");

        Assert.Equal(Secret, key.Reveal());
        Assert.Equal(ApiKey.Mask, key.ToString());
        Assert.Equal(Secret.Length, secure.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_key_is_refused(string text)
    {
        var error = Assert.Throws<DashScopeException>(() => ApiKey.FromString(text, "my source"));
        Assert.Equal(DashScopeErrorKind.Configuration, error.Kind);
        Assert.Contains("my source", error.Message);
    }

    [Fact]
    public void Whitespace_explicit_key_is_refused_not_silently_replaced()
    {
        var resolver = new ApiKeyResolver(_ => "sk-from-environment", null);
        var secure = new System.Security.SecureString();
        secure.AppendChar(' ');

        var error = Assert.Throws<DashScopeException>(() => resolver.Resolve(secure, null));
        Assert.Equal(DashScopeErrorKind.Configuration, error.Kind);
    }

    [Fact]
    public void Diagnostic_log_redacts_the_key()
    {
        var key = ApiKey.FromString(Secret, "test");
        var log = new DiagnosticLog(key);

        log.Write("sending " + Secret);
        log.Write("plain line");

        Assert.True(log.TryRead(out var first));
        Assert.Equal("sending " + ApiKey.Mask, first);
        Assert.True(log.TryRead(out var second));
        Assert.Equal("plain line", second);
        Assert.False(log.TryRead(out var none));
        Assert.Equal(string.Empty, none);
    }
}
