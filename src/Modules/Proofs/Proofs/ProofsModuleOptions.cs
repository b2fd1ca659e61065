namespace CredentialHub.Proofs;

/// <summary>The Proofs module's settings, filled by the host from its configuration.</summary>
public sealed class ProofsModuleOptions
{
    /// <summary>Proofs made at once, each on its own dedicated worker thread (MAX_CONCURRENT_PROOFS, default 2).</summary>
    public int MaxConcurrentProofs { get; init; } = 2;

    /// <summary>Proof requests that may wait for a worker (PROOF_QUEUE_CAPACITY, default 16); more get 503.</summary>
    public int QueueCapacity { get; init; } = 16;

    /// <summary>How long one proof may take once a worker starts it (PROOF_TIMEOUT_SECONDS, default 10).</summary>
    public TimeSpan ProofTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a generate request waits for its proof before answering 202 (PROOF_WAIT_SECONDS, default 15).</summary>
    public TimeSpan RequestWait { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The largest proving or verification request body (MAX_REQUEST_BYTES, default 10 KB).</summary>
    public int MaxRequestBytes { get; init; } = 10 * 1024;

    /// <summary>Npgsql connection string, or null to keep proofs in process.</summary>
    public string? DatabaseConnectionString { get; init; }

    /// <summary>StackExchange.Redis configuration for the proof cache, or null for none.</summary>
    public string? RedisConfiguration { get; init; }

    /// <summary>How long a finished proof stays in the Redis cache (PROOF_CACHE_TTL seconds, default 3600).</summary>
    public TimeSpan ProofCacheTtl { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long running proofs may still finish after a stop signal (SHUTDOWN_DRAIN_SECONDS, default 20); queued ones end at once.</summary>
    public TimeSpan ShutdownDrain { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// This instance's name, stable across its restarts (INSTANCE_NAME; by default the machine name and the addresses it
    /// serves): a restarted instance ends its earlier life's unfinished jobs at once. Two live instances must not share it.
    /// </summary>
    public string? InstanceName { get; init; }

    /// <summary>How long a job's claim by its instance lasts without renewal (with a database; default 15 s).</summary>
    public TimeSpan JobLease { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often an instance renews its jobs' leases and ends the jobs of dead instances (default 5 s).</summary>
    public TimeSpan LeaseRenewInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a challenge nonce from POST /proofs/challenges may be redeemed (NONCE_TTL_SECONDS, default 300).</summary>
    public TimeSpan NonceLifetime { get; init; } = TimeSpan.FromMinutes(5);
}
