using System.ComponentModel.DataAnnotations;
using CredentialHub.Settings;
using Microsoft.Extensions.Configuration;

namespace CredentialHub.Proofs;

/// <summary>
/// The Proofs module's settings, bound from the configuration under their names (appsettings.json, then environment
/// variables) and validated at start. A duration configured in seconds has a <c>…Seconds</c> property for the setting
/// and a <see cref="TimeSpan"/> one for the code.
/// </summary>
public sealed class ProofsModuleOptions
{
    private int? _queueCapacity;
    private double _proofTimeoutSeconds = 10;

    /// <summary>Proofs made at once, each on its own dedicated worker thread (MAX_CONCURRENT_PROOFS, default 2).</summary>
    [ConfigurationKeyName("MAX_CONCURRENT_PROOFS")]
    [Range(1, 256, ErrorMessage = "MAX_CONCURRENT_PROOFS must be a whole number from 1 to 256")]
    public int MaxConcurrentProofs { get; set; } = 2;

    /// <summary>Proof requests that may wait for a worker (PROOF_QUEUE_CAPACITY, default 8 × <see cref="MaxConcurrentProofs"/>); more get 503.</summary>
    [ConfigurationKeyName("PROOF_QUEUE_CAPACITY")]
    [Range(1, 100_000, ErrorMessage = "PROOF_QUEUE_CAPACITY must be a whole number from 1 to 100000")]
    public int QueueCapacity { get => _queueCapacity ?? 8 * Math.Clamp(MaxConcurrentProofs, 1, 256); set => _queueCapacity = value; }

    /// <summary>How long one proof may take once a worker starts it (<see cref="ProofTimeoutSeconds"/>).</summary>
    public TimeSpan ProofTimeout { get => TimeSpan.FromSeconds(_proofTimeoutSeconds); set => _proofTimeoutSeconds = value.TotalSeconds; }

    /// <summary><see cref="ProofTimeout"/> in seconds (PROOF_TIMEOUT_SECONDS, decimals allowed, default 10).</summary>
    [ConfigurationKeyName("PROOF_TIMEOUT_SECONDS")]
    [Range(0.01, 3600, ErrorMessage = "PROOF_TIMEOUT_SECONDS must be a number of seconds from 0.01 to 3600")]
    public double ProofTimeoutSeconds { get => _proofTimeoutSeconds; set => _proofTimeoutSeconds = value; }

    /// <summary>How long a generate request waits for its proof before answering 202 (<see cref="RequestWaitSeconds"/>).</summary>
    public TimeSpan RequestWait { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary><see cref="RequestWait"/> in seconds (PROOF_WAIT_SECONDS, default 15).</summary>
    [ConfigurationKeyName("PROOF_WAIT_SECONDS")]
    [Range(0, 3600, ErrorMessage = "PROOF_WAIT_SECONDS must be a whole number from 0 to 3600")]
    public int RequestWaitSeconds { get => (int)RequestWait.TotalSeconds; set => RequestWait = TimeSpan.FromSeconds(value); }

    /// <summary>The largest proving or verification request body (MAX_REQUEST_BYTES, default 10 KB).</summary>
    [ConfigurationKeyName("MAX_REQUEST_BYTES")]
    [Range(256, 1 << 24, ErrorMessage = "MAX_REQUEST_BYTES must be a whole number from 256 to 16777216")]
    public int MaxRequestBytes { get; set; } = 10 * 1024;

    /// <summary>Npgsql connection string (from DATABASE_URL and DB_POOL_SIZE), or null to keep proofs in process.</summary>
    public string? DatabaseConnectionString { get; set; }

    /// <summary>StackExchange.Redis configuration for the proof cache (from REDIS_URL), or null for none.</summary>
    public string? RedisConfiguration { get; set; }

    /// <summary>How long a finished proof stays in the Redis cache (<see cref="ProofCacheTtlSeconds"/>).</summary>
    public TimeSpan ProofCacheTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary><see cref="ProofCacheTtl"/> in seconds (PROOF_CACHE_TTL, default 3600).</summary>
    [ConfigurationKeyName("PROOF_CACHE_TTL")]
    [Range(1, 30 * 24 * 3600, ErrorMessage = "PROOF_CACHE_TTL must be a whole number from 1 to 2592000")]
    public int ProofCacheTtlSeconds { get => (int)ProofCacheTtl.TotalSeconds; set => ProofCacheTtl = TimeSpan.FromSeconds(value); }

    /// <summary>How long running proofs may still finish after a stop signal (<see cref="ShutdownDrainSeconds"/>); queued ones end at once.</summary>
    public TimeSpan ShutdownDrain { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary><see cref="ShutdownDrain"/> in seconds (SHUTDOWN_DRAIN_SECONDS, default 20).</summary>
    [ConfigurationKeyName("SHUTDOWN_DRAIN_SECONDS")]
    [Range(0, 3600, ErrorMessage = "SHUTDOWN_DRAIN_SECONDS must be a whole number from 0 to 3600")]
    public int ShutdownDrainSeconds { get => (int)ShutdownDrain.TotalSeconds; set => ShutdownDrain = TimeSpan.FromSeconds(value); }

    /// <summary>
    /// This instance's name, stable across its restarts (INSTANCE_NAME; bound from the configuration, by default the
    /// machine name and the addresses it serves): a restarted instance ends its earlier life's unfinished jobs at once.
    /// Two live instances must not share it.
    /// </summary>
    [ConfigurationKeyName("INSTANCE_NAME")]
    [InstanceName]
    public string? InstanceName { get; set; }

    /// <summary>How long a job's claim by its instance lasts without renewal (with a database; default 15 s).</summary>
    public TimeSpan JobLease { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often an instance renews its jobs' leases and ends the jobs of dead instances (default 5 s).</summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a challenge nonce from POST /proofs/challenges may be redeemed (<see cref="NonceLifetimeSeconds"/>).</summary>
    public TimeSpan NonceLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary><see cref="NonceLifetime"/> in seconds (NONCE_TTL_SECONDS, default 300).</summary>
    [ConfigurationKeyName("NONCE_TTL_SECONDS")]
    [Range(10, 24 * 3600, ErrorMessage = "NONCE_TTL_SECONDS must be a whole number from 10 to 86400")]
    public int NonceLifetimeSeconds { get => (int)NonceLifetime.TotalSeconds; set => NonceLifetime = TimeSpan.FromSeconds(value); }

    /// <summary>
    /// How many prover processes make the proofs (PROVER_PROCESSES, default 1): children of the host, isolated from the
    /// web process (no secrets, no database, capped memory). 0 makes proofs in this process, as the command line does.
    /// </summary>
    [ConfigurationKeyName("PROVER_PROCESSES")]
    [Range(0, 64, ErrorMessage = "PROVER_PROCESSES must be a whole number from 0 to 64")]
    public int ProverProcesses { get; set; } = 1;

    /// <summary>The memory each prover process may use, in MiB (PROVER_MEMORY_LIMIT_MB, default 4096): its GC heap's hard limit, and its address space.</summary>
    [ConfigurationKeyName("PROVER_MEMORY_LIMIT_MB")]
    [Range(64, 1 << 20, ErrorMessage = "PROVER_MEMORY_LIMIT_MB must be a whole number from 64 to 1048576")]
    public int ProverMemoryLimitMegabytes { get; set; } = 4096;

    /// <summary>
    /// The command that starts a prover process (the host binary and its hidden verb, with the plugins directory), set by
    /// the host. Without it proofs are made in this process whatever <see cref="ProverProcesses"/> says (module tests).
    /// </summary>
    public IReadOnlyList<string>? ProverCommand { get; set; }

    /// <summary>Where the pool's private socket directory is made (default: the temporary directory).</summary>
    public string? ProverRuntimeDirectory { get; set; }

    /// <summary>How long a prover process may take to stop a cancelled proof before it is killed.</summary>
    public TimeSpan ProverCancelGrace { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a prover process may take to start and load its circuits before its start counts as failed.</summary>
    public TimeSpan ProverStartTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Whether proofs are made by prover processes.</summary>
    public bool UsesProverProcesses => ProverProcesses > 0 && ProverCommand is { Count: > 0 };
}
