using System.Diagnostics.Metrics;
using CredentialHub.Monitoring.Contracts;

namespace CredentialHub.Monitoring.Metrics;

/// <summary>The Monitoring module's own gauges (meter "CredentialHub.Monitoring"): the running version and the uptime.</summary>
internal static class ProcessGauges
{
    private static readonly Meter Meter = new(Telemetry.MeterPrefix + "Monitoring");

    /// <summary>Publishes <c>credentialhub_info</c> and <c>credentialhub_uptime_seconds</c>, read at each scrape.</summary>
    public static void Publish(ProofStatistics statistics)
    {
        Meter.CreateObservableGauge("credentialhub_info", () => new Measurement<int>(1, new KeyValuePair<string, object?>("version", ProofStatistics.Version)), description: "The running version (always 1)");
        Meter.CreateObservableGauge("credentialhub_uptime_seconds", () => (DateTimeOffset.UtcNow - statistics.StartedAt).TotalSeconds, "s", "Seconds since the service started");
    }
}
