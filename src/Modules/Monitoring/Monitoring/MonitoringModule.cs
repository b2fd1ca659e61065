using CredentialHub.Monitoring.Api;
using CredentialHub.Monitoring.Health;
using CredentialHub.Monitoring.Metrics;
using CredentialHub.Monitoring.Tracing;
using CredentialHub.Proofs.Contracts;
using CredentialHub.Storage;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CredentialHub.Monitoring;

/// <summary>
/// The Monitoring module: <c>/health</c> (readiness: every module's health checks, PostgreSQL, Redis and the
/// process) and <c>/health/live</c>; with metrics on, <c>/metrics</c> (Prometheus text), <c>/metrics/proofs</c> and
/// <c>/stats</c> (JSON summaries); with an OTLP endpoint, traces of requests, database commands and proof stages.
/// </summary>
public static class MonitoringModule
{
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
            // The host's one Redis connection, shared with the modules that store in Redis.
            services.AddRedisConnection(redis);
            services.AddSingleton<RedisHealthCheck>();
            checks.Add(new HealthCheckRegistration("redis", provider => provider.GetRequiredService<RedisHealthCheck>(), HealthStatus.Degraded, null, TimeSpan.FromSeconds(5)));
        }
        if (options.MetricsEnabled)
        {
            services.AddSingleton<MetricsCollector>();
            services.AddSingleton<ProofStatistics>();
            services.AddSingleton<IProofObserver>(provider => provider.GetRequiredService<ProofStatistics>());
        }
        TracingRegistration.AddTracing(services, options);
        return services;
    }

    /// <summary>Maps <c>/health</c>, <c>/health/live</c> and, with metrics on, <c>/metrics</c>, <c>/metrics/proofs</c> and <c>/stats</c>.</summary>
    public static IEndpointRouteBuilder MapMonitoringEndpoints(this IEndpointRouteBuilder app) => MonitoringApi.Map(app);
}
