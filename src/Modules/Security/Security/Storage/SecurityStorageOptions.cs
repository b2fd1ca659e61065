namespace CredentialHub.Security.Storage;

/// <summary>Where API keys, rate-limit windows and nonces live; the module fills it from its options (DATABASE_URL, REDIS_URL).</summary>
internal sealed class SecurityStorageOptions
{
    /// <summary>An Npgsql connection string (key=value) for API keys, or null to keep them in process.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>
    /// A StackExchange.Redis configuration string for rate limits and nonces (each with its in-process fallback), or
    /// null to keep them in process.
    /// </summary>
    public string? RedisConfiguration { get; init; }
}
