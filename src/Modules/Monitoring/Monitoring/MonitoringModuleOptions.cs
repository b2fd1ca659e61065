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

    /// <summary>
    /// The OTLP collector traces are exported to (OTEL_EXPORTER_OTLP_ENDPOINT); null or empty: no tracing. The OTLP
    /// exporter reads the endpoint and the other OTEL_EXPORTER_OTLP_* settings from the configuration itself.
    /// </summary>
    public string? OtlpEndpoint { get; init; }

    /// <summary>This instance's name in traces (service.instance.id); null lets OpenTelemetry choose one.</summary>
    public string? InstanceName { get; init; }
}
