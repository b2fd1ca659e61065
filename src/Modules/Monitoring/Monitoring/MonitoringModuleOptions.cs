using System.ComponentModel.DataAnnotations;
using CredentialHub.Settings;
using Microsoft.Extensions.Configuration;

namespace CredentialHub.Monitoring;

/// <summary>
/// The Monitoring module's settings, bound from the configuration under their names (appsettings.json, then
/// environment variables) and validated at start.
/// </summary>
public sealed class MonitoringModuleOptions : IValidatableObject
{
    /// <summary>Whether /metrics, /metrics/proofs and /stats are served and instruments are collected (METRICS_ENABLED, default true).</summary>
    [ConfigurationKeyName("METRICS_ENABLED")]
    public bool MetricsEnabled { get; set; } = true;

    /// <summary>PostgreSQL connection string to check in /health (from DATABASE_URL and DB_POOL_SIZE); null when the service keeps its data in process.</summary>
    public string? DatabaseConnectionString { get; set; }

    /// <summary>Redis configuration to check in /health (from REDIS_URL, on the host's one Redis connection); null when the service runs without Redis.</summary>
    public string? RedisConfiguration { get; set; }

    /// <summary>
    /// The OTLP collector traces are exported to (OTEL_EXPORTER_OTLP_ENDPOINT, an absolute http or https address); null:
    /// no tracing. The OTLP exporter reads the endpoint and the other OTEL_EXPORTER_OTLP_* settings from the
    /// configuration itself.
    /// </summary>
    [ConfigurationKeyName("OTEL_EXPORTER_OTLP_ENDPOINT")]
    public string? OtlpEndpoint { get; set; }

    /// <summary>This instance's name in traces (service.instance.id; INSTANCE_NAME, by default the machine name and the addresses it serves); null lets OpenTelemetry choose one.</summary>
    [ConfigurationKeyName("INSTANCE_NAME")]
    [InstanceName]
    public string? InstanceName { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (OtlpEndpoint is not null && (!Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            yield return new ValidationResult("OTEL_EXPORTER_OTLP_ENDPOINT must be an absolute http:// or https:// address of an OpenTelemetry collector (e.g. http://localhost:4317 for OTLP/gRPC, http://localhost:4318 with OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf)", [nameof(OtlpEndpoint)]);
        }
    }
}
