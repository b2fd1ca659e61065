namespace CredentialHub.Monitoring;

/// <summary>The Monitoring module's settings, filled by the host from its configuration.</summary>
public sealed class MonitoringModuleOptions
{
    /// <summary>Whether /metrics, /metrics/proofs and /stats are served and instruments are collected (METRICS_ENABLED, default true).</summary>
    public bool MetricsEnabled { get; init; } = true;

    /// <summary>PostgreSQL connection string to check in /health; null when the service keeps its data in process.</summary>
    public string? DatabaseConnectionString { get; init; }

    /// <summary>Redis configuration to check in /health (on the host's one Redis connection); null when the service runs without Redis.</summary>
    public string? RedisConfiguration { get; init; }
}
