namespace DashScope
{
    /// <summary>What kind of failure a <see cref="DashScopeException"/> reports.</summary>
    public enum DashScopeErrorKind
    {
        /// <summary>The service answered with an error (HTTP status or an SSE error event).</summary>
        Service,
        /// <summary>The connection failed or broke.</summary>
        Network,
        /// <summary>The whole-call timeout or the idle timeout between stream events elapsed.</summary>
        Timeout,
        /// <summary>The service sent something that is not the DashScope protocol.</summary>
        Protocol,
        /// <summary>No API key could be found.</summary>
        MissingApiKey,
        /// <summary>The settings are unusable (bad base URL, key over plain http, ...).</summary>
        Configuration,
        /// <summary>The input was rejected before anything was sent.</summary>
        InvalidInput,
    }
}
