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

    [Fact]
    public void Another_server_gets_only_a_key_given_for_it_and_otherwise_none()
    {
        _environment[ApiKeyResolver.KeyVariable] = EnvironmentKey;
        WriteFile("home/.dashscope/api_key", HomeFileKey);

        var none = Resolver().Resolve(null, null, dashScope: false);
        Assert.True(none.IsNone);
        Assert.Equal("", Reveal(none));
        Assert.Equal("no key here", none.Redact("no key here"));
        Assert.Equal(ExplicitKey, Reveal(Resolver().Resolve(Secure(ExplicitKey), null, dashScope: false)));
        Assert.Equal(SessionKey, Reveal(Resolver().Resolve(null, ApiKey.FromString(SessionKey, "session"), dashScope: false)));
        Assert.Equal(EnvironmentKey, Reveal(Resolver().Resolve(null, null, dashScope: true)));
    }
}
