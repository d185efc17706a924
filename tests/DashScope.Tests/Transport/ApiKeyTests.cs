using System.Security;
using DashScope.Transport;
using Xunit;

namespace DashScope.Tests.Transport;

public sealed class ApiKeyResolverTests : IDisposable
{
    private const string ExplicitKey = "sk-explicit-0000000001";
    private const string SessionKey = "sk-session-0000000002";
    private const string EnvironmentKey = "sk-environment-0000003";
    private const string FileVariableKey = "sk-file-variable-00004";
    private const string HomeFileKey = "sk-home-file-00000005";

    private readonly string _root = Directory.CreateTempSubdirectory("dashscope-key-tests-").FullName;
    private readonly Dictionary<string, string?> _environment = new();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Home => Path.Combine(_root, "home");

    private ApiKeyResolver Resolver() => new(name => _environment.TryGetValue(name, out var value) ? value : null, Home);

    private static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var character in text) secure.AppendChar(character);
        secure.MakeReadOnly();
        return secure;
    }

    private static string Reveal(ApiKey key) => key.Reveal();

    private string WriteFile(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private void EverySourceHasAKey()
    {
        _environment[ApiKeyResolver.KeyVariable] = EnvironmentKey;
        _environment[ApiKeyResolver.KeyFileVariable] = WriteFile("keyfile.txt", FileVariableKey + "\n");
        WriteFile(Path.Combine("home", ".dashscope", "api_key"), HomeFileKey);
    }

    [Fact]
    public void Explicit_key_wins_over_everything()
    {
        EverySourceHasAKey();
        var key = Resolver().Resolve(Secure(ExplicitKey), ApiKey.FromString(SessionKey, "session"));

        Assert.Equal(ExplicitKey, Reveal(key));
        Assert.Equal("-ApiKey parameter", key.Source);
    }

    [Fact]
    public void Session_key_comes_next()
    {
        EverySourceHasAKey();
        var key = Resolver().Resolve(null, ApiKey.FromString(SessionKey, "Connect-DashScope"));

        Assert.Equal(SessionKey, Reveal(key));
        Assert.Equal("Connect-DashScope", key.Source);
    }

    [Fact]
    public void Empty_explicit_key_falls_through_to_the_session_key()
    {
        var key = Resolver().Resolve(new SecureString(), ApiKey.FromString(SessionKey, "session"));
        Assert.Equal(SessionKey, Reveal(key));
    }

    [Fact]
    public void Environment_variable_comes_after_the_session()
    {
        EverySourceHasAKey();
        var key = Resolver().Resolve(null, null);

        Assert.Equal(EnvironmentKey, Reveal(key));
        Assert.Equal("$env:DASHSCOPE_API_KEY", key.Source);
    }

    [Fact]
    public void Key_file_variable_comes_after_the_environment_variable()
    {
        EverySourceHasAKey();
        _environment[ApiKeyResolver.KeyVariable] = "   ";

        var key = Resolver().Resolve(null, null);

        Assert.Equal(FileVariableKey, Reveal(key));
        Assert.Contains("DASHSCOPE_API_KEY_FILE_PATH", key.Source);
    }

    [Fact]
    public void Home_key_file_comes_last()
    {
        EverySourceHasAKey();
        _environment.Remove(ApiKeyResolver.KeyVariable);
        _environment[ApiKeyResolver.KeyFileVariable] = Path.Combine(_root, "does-not-exist.txt");

        var key = Resolver().Resolve(null, null);

        Assert.Equal(HomeFileKey, Reveal(key));
        Assert.Equal("~/.dashscope/api_key", key.Source);
    }

    [Fact]
    public void Empty_key_file_is_skipped()
    {
        EverySourceHasAKey();
        _environment.Remove(ApiKeyResolver.KeyVariable);
        _environment[ApiKeyResolver.KeyFileVariable] = WriteFile("empty.txt", " \r\n ");

        Assert.Equal(HomeFileKey, Reveal(Resolver().Resolve(null, null)));
    }

    [Fact]
    public void Keys_are_trimmed()
    {
        _environment[ApiKeyResolver.KeyFileVariable] = WriteFile("spaced.txt", "  \t" + FileVariableKey + " \r\n\r\n");
        Assert.Equal(FileVariableKey, Reveal(Resolver().Resolve(null, null)));

        _environment[ApiKeyResolver.KeyVariable] = " " + EnvironmentKey + "\n";
        Assert.Equal(EnvironmentKey, Reveal(Resolver().Resolve(null, null)));
    }

    [Fact]
    public void No_key_anywhere_is_MissingApiKey_naming_every_way_to_give_one()
    {
        var error = Assert.Throws<DashScopeException>(() => Resolver().Resolve(null, null));

        Assert.Equal(DashScopeErrorKind.MissingApiKey, error.Kind);
        Assert.Contains("-ApiKey", error.Message);
        Assert.Contains("Connect-DashScope", error.Message);
        Assert.Contains("DASHSCOPE_API_KEY", error.Message);
        Assert.Contains("DASHSCOPE_API_KEY_FILE_PATH", error.Message);
        Assert.Contains("~/.dashscope/api_key", error.Message);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public void No_home_directory_is_not_an_error_of_its_own()
    {
        var resolver = new ApiKeyResolver(_ => null, null);
        Assert.Equal(DashScopeErrorKind.MissingApiKey, Assert.Throws<DashScopeException>(() => resolver.Resolve(null, null)).Kind);
    }
}

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
