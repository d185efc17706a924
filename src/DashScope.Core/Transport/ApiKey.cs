using System;
using System.Runtime.InteropServices;
using System.Security;

namespace DashScope.Transport
{
    /// <summary>
    /// An API key that cannot leak by accident: ToString and every diagnostic show a mask.
    /// Only the transport reads the secret, when it builds the Authorization header.
    /// </summary>
    public sealed class ApiKey
    {
        private readonly string _secret;

        private ApiKey(string secret, string source)
        {
            _secret = secret;
            Source = source;
        }

        /// <summary>Where the key came from (parameter, session, environment variable, file).</summary>
        public string Source { get; }

        /// <summary>No key: for servers that need none (vLLM, Ollama, LM Studio); no Authorization header is sent.</summary>
        public static ApiKey None { get; } = new ApiKey(string.Empty, "none (the server needs no key)");

        /// <summary>True for <see cref="None"/>.</summary>
        public bool IsNone => _secret.Length == 0;

        public static ApiKey FromString(string secret, string source)
        {
            if (secret == null) throw new ArgumentNullException(nameof(secret));
            var trimmed = secret.Trim();
            if (trimmed.Length == 0)
                throw new DashScopeException(DashScopeErrorKind.Configuration,
                    "The API key (from " + source + ") is empty. Give the key itself, e.g. -ApiKey (Read-Host -AsSecureString).");
            return new ApiKey(trimmed, source);
        }

        public static ApiKey FromSecureString(SecureString secret, string source)
        {
            if (secret == null) throw new ArgumentNullException(nameof(secret));
            IntPtr ptr = IntPtr.Zero;
            try
            {
                ptr = Marshal.SecureStringToGlobalAllocUnicode(secret);
                return FromString(Marshal.PtrToStringUni(ptr) ?? string.Empty, source);
            }
            finally
            {
                if (ptr != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(ptr);
            }
        }

        internal string Reveal() => _secret;

        /// <summary>Replaces every occurrence of the key in <paramref name="text"/> with a mask.</summary>
        public string Redact(string? text)
        {
            if (string.IsNullOrEmpty(text)) return text ?? string.Empty;
            if (IsNone) return text!;
            return text!.IndexOf(_secret, StringComparison.Ordinal) < 0
                ? text
                : text.Replace(_secret, Mask);
        }

        public const string Mask = "********";

        public override string ToString() => Mask;
    }
}
