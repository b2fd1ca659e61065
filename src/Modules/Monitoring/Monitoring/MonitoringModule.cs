using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using CredentialHub.Monitoring.Contracts;
using CredentialHub.Monitoring.Health;
using CredentialHub.Monitoring.Metrics;
using CredentialHub.Proofs.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CredentialHub.Monitoring;

/// <summary>
/// The Monitoring module: <c>/health</c> (readiness: every module's health checks, PostgreSQL, Redis and the
/// process) and <c>/health/live</c>; with metrics on, <c>/metrics</c> (Prometheus text), <c>/metrics/proofs</c> and
/// <c>/stats</c> (JSON summaries).
/// </summary>
public static class MonitoringModule
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = false };

    private static readonly Meter Meter = new(Telemetry.MeterPrefix + "Monitoring");

    public static IServiceCollection AddMonitoringModule(this IServiceCollection services, MonitoringModuleOptions? options = null)
    {
        options ??= new MonitoringModuleOptions();
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        var checks = services.AddHealthChecks();
        checks.AddCheck<ProcessHealthCheck>("process");
        if (options.DatabaseConnectionString is { } database)
        {
            checks.Add(new HealthCheckRegistration("postgresql", _ => new PostgresHealthCheck(database), HealthStatus.Unhealthy, null, TimeSpan.FromSeconds(5)));
        }
        if (options.RedisConfiguration is { } redis)
        {
            services.AddSingleton(new RedisHealthCheck(redis));
            checks.Add(new HealthCheckRegistration("redis", provider => provider.GetRequiredService<RedisHealthCheck>(), HealthStatus.Degraded, null, TimeSpan.FromSeconds(5)));
        }
        if (options.MetricsEnabled)
        {
            services.AddSingleton<MetricsCollector>();
            services.AddSingleton<ProofStatistics>();
            services.AddSingleton<IProofObserver>(provider => provider.GetRequiredService<ProofStatistics>());
        }
        return services;
    }

    public static IEndpointRouteBuilder MapMonitoringEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Monitoring");
        group.MapGet("/", ReadinessAsync)
            .WithName("Health")
            .WithSummary("Readiness: every component's health (circuits, proof systems, PostgreSQL, Redis, process; healthy, degraded, unhealthy); 503 when unhealthy.")
            .Produces<HealthResponse>(StatusCodes.Status200OK)
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/live", () => TypedResults.Ok(new HealthResponse("healthy", 0, new Dictionary<string, HealthEntry>())))
            .WithName("Liveness")
            .WithSummary("Liveness: the process answers.")
            .Produces<HealthResponse>(StatusCodes.Status200OK);

        if (app.ServiceProvider.GetRequiredService<MonitoringModuleOptions>().MetricsEnabled)
        {
            // Created now, so that it listens from the start (instruments published later are picked up too).
            var collector = app.ServiceProvider.GetRequiredService<MetricsCollector>();
            var statistics = app.ServiceProvider.GetRequiredService<ProofStatistics>();
            Meter.CreateObservableGauge("credentialhub_info", () => new Measurement<int>(1, new KeyValuePair<string, object?>("version", ProofStatistics.Version)), description: "The running version (always 1)");
            Meter.CreateObservableGauge("credentialhub_uptime_seconds", () => (DateTimeOffset.UtcNow - statistics.StartedAt).TotalSeconds, "s", "Seconds since the service started");
            var metrics = app.MapGroup("/metrics").WithTags("Monitoring");
            metrics.MapGet("/", () => Results.Text(collector.Render(), "text/plain; version=0.0.4; charset=utf-8"))
                .WithName("Metrics")
                .WithSummary("Every instrument in the Prometheus text format (proofs, verifications, stages, queue, integrity checks, rate limits, resident keys, runtime).")
                .Produces<string>(StatusCodes.Status200OK, "text/plain");
            metrics.MapGet("/proofs", () => TypedResults.Ok(new ProofMetricsResponse(statistics.Summaries())))
                .WithName("ProofMetrics")
                .WithSummary("Per circuit: proofs by status, success rate, latency percentiles (end to end and per stage), verifications by result and their latency.")
                .Produces<ProofMetricsResponse>(StatusCodes.Status200OK);
            app.MapGet("/stats", () => TypedResults.Ok(Stats(statistics)))
                .WithTags("Monitoring")
                .WithName("Stats")
                .WithSummary("Version, uptime, totals over every circuit, the per-circuit summaries and process figures.")
                .Produces<StatsResponse>(StatusCodes.Status200OK);
        }
        return app;
    }

    private static StatsResponse Stats(ProofStatistics statistics)
    {
        var circuits = statistics.Summaries();
        using var process = Process.GetCurrentProcess();
        long generated = circuits.Sum(c => c.Generation.Total), succeeded = circuits.Sum(c => c.Generation.Succeeded);
        return new StatsResponse(
            ProofStatistics.Version,
            statistics.StartedAt,
            Math.Round((DateTimeOffset.UtcNow - statistics.StartedAt).TotalSeconds, 1),
            new TotalsSummary(generated, succeeded, generated - succeeded, generated == 0 ? null : Math.Round((double)succeeded / generated, 4),
                circuits.Sum(c => c.Verification.Total), circuits.Sum(c => c.Verification.Valid), circuits.Sum(c => c.Verification.Invalid)),
            circuits,
            new ProcessSummary(process.WorkingSet64, GC.GetTotalMemory(false), Math.Round(process.TotalProcessorTime.TotalSeconds, 2),
                GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), process.Threads.Count, ThreadPool.ThreadCount, ThreadPool.PendingWorkItemCount));
    }

    private static async Task<IResult> ReadinessAsync(HealthCheckService health, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        var body = new HealthResponse(
            Name(report.Status),
            Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            report.Entries.ToDictionary(e => e.Key, e => new HealthEntry(Name(e.Value.Status), e.Value.Description, e.Value.Data)));
        return TypedResults.Json(body, Json, statusCode: report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
    }

    private static string Name(HealthStatus status) => status.ToString().ToLowerInvariant();
}
