namespace CredentialHub.Proofs.Storage;

/// <summary>Where the proof store lives; the host fills it from DATABASE_URL and REDIS_URL.</summary>
internal sealed class ProofStorageOptions
{
    /// <summary>An Npgsql connection string (key=value), or null to keep proofs in process.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>
    /// A StackExchange.Redis configuration string (e.g. <c>127.0.0.1:6379,password=…</c>) to cache finished proofs
    /// in front of PostgreSQL, or null for no cache. Used only with <see cref="ConnectionString"/>.
    /// </summary>
    public string? RedisConfiguration { get; init; }

    /// <summary>How long a finished proof stays in the cache.</summary>
    public TimeSpan CacheTtl { get; init; } = TimeSpan.FromHours(1);
}
