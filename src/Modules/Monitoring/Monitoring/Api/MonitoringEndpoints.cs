using CredentialHub.Monitoring.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CredentialHub.Monitoring.Api;

/// <summary>The Monitoring module's routes; each handler lives in its own file.</summary>
internal static class MonitoringEndpoints
{
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Monitoring");
        group.MapGet("/", GetHealth.ReadinessAsync)
            .WithName("Health")
            .WithSummary("Readiness: every component's health (circuits, proof systems, PostgreSQL, Redis, process; healthy, degraded, unhealthy); 503 when unhealthy.")
            .Produces<HealthResponse>(StatusCodes.Status200OK)
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/live", GetHealth.Liveness)
            .WithName("Liveness")
            .WithSummary("Liveness: the process answers.");

        if (app.ServiceProvider.GetRequiredService<MonitoringModuleOptions>().MetricsEnabled)
        {
            // Created now, so that it listens from the start (instruments published later are picked up too).
            var collector = app.ServiceProvider.GetRequiredService<MetricsCollector>();
            var statistics = app.ServiceProvider.GetRequiredService<ProofStatistics>();
            ProcessGauges.Publish(statistics);
            var metrics = app.MapGroup("/metrics").WithTags("Monitoring");
            metrics.MapGet("/", GetMetrics.Handle)
                .WithName("Metrics")
                .WithSummary("Every instrument in the Prometheus text format (proofs, verifications, stages, queue, integrity checks, rate limits, resident keys, runtime).")
                .Produces<string>(StatusCodes.Status200OK, "text/plain");
            metrics.MapGet("/proofs", GetProofMetrics.Handle)
                .WithName("ProofMetrics")
                .WithSummary("Per circuit: proofs by status, success rate, latency percentiles (end to end and per stage), verifications by result and their latency.");
            app.MapGet("/stats", GetStats.Handle)
                .WithTags("Monitoring")
                .WithName("Stats")
                .WithSummary("Version, uptime, totals over every circuit, the per-circuit summaries and process figures.");
        }
        return app;
    }
}
