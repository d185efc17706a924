using System;
using System.IO;
using System.Security;

namespace DashScope.Transport
{
    /// <summary>
    /// Finds the API key in the order the official SDKs use, with the PowerShell layers first:
    /// explicit parameter, session default, DASHSCOPE_API_KEY, DASHSCOPE_API_KEY_FILE_PATH, ~/.dashscope/api_key.
    /// </summary>
    public sealed class ApiKeyResolver
    {
        public const string KeyVariable = "DASHSCOPE_API_KEY";
        public const string KeyFileVariable = "DASHSCOPE_API_KEY_FILE_PATH";

        private readonly Func<string, string?> _getEnvironment;
        private readonly string? _homeDirectory;

        public ApiKeyResolver()
            : this(Environment.GetEnvironmentVariable, HomeDirectory())
        {
        }

        public ApiKeyResolver(Func<string, string?> getEnvironment, string? homeDirectory)
        {
            _getEnvironment = getEnvironment;
            _homeDirectory = homeDirectory;
        }

        public ApiKey Resolve(SecureString? explicitKey, ApiKey? sessionKey) => Resolve(explicitKey, sessionKey, dashScope: true);

        /// <summary>
        /// The key for a server: DashScope takes it from any of the places above and fails without one. Another
        /// OpenAI-compatible server (<paramref name="dashScope"/> false: vLLM, Ollama, LM Studio) gets only a key given for
        /// it (the parameter or the session), never the DashScope key of the environment or a key file, and none when none
        /// was given.
        /// </summary>
        public ApiKey Resolve(SecureString? explicitKey, ApiKey? sessionKey, bool dashScope)
        {
            if (explicitKey != null && explicitKey.Length > 0)
                return ApiKey.FromSecureString(explicitKey, "-ApiKey parameter");
            if (sessionKey != null)
                return sessionKey;
            if (!dashScope)
                return ApiKey.None;

            var fromEnvironment = _getEnvironment(KeyVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
                return ApiKey.FromString(fromEnvironment!, "$env:" + KeyVariable);

            var keyFile = _getEnvironment(KeyFileVariable);
            if (!string.IsNullOrWhiteSpace(keyFile))
            {
                var key = ReadKeyFile(keyFile!);
                if (key != null) return ApiKey.FromString(key, "file named by $env:" + KeyFileVariable);
            }

            if (!string.IsNullOrEmpty(_homeDirectory))
            {
                var defaultFile = Path.Combine(_homeDirectory!, ".dashscope", "api_key");
                var key = ReadKeyFile(defaultFile);
                if (key != null) return ApiKey.FromString(key, "~/.dashscope/api_key");
            }

            throw new DashScopeException(
                DashScopeErrorKind.MissingApiKey,
                "No DashScope API key was found. Give one in any of these ways: " +
                "pass -ApiKey (a SecureString, e.g. (Read-Host -AsSecureString)); " +
                "run Connect-DashScope -ApiKey ... once per session; " +
                "or set $env:" + KeyVariable + " (or put the key in ~/.dashscope/api_key, or in a file named by $env:" + KeyFileVariable + ").");
        }

        private static string? ReadKeyFile(string path)
        {
            try
            {
                if (!File.Exists(path)) return null;
                var text = File.ReadAllText(path).Trim();
                return text.Length == 0 ? null : text;
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
        }

        private static string? HomeDirectory()
        {
            var home = Environment.GetEnvironmentVariable("HOME");
            if (string.IsNullOrEmpty(home)) home = Environment.GetEnvironmentVariable("USERPROFILE");
            return home;
        }
    }
}
