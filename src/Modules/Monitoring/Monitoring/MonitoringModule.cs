using CredentialHub.Monitoring.Api;
using CredentialHub.Monitoring.Health;
using CredentialHub.Monitoring.Metrics;
using CredentialHub.Monitoring.Tracing;
using CredentialHub.Proofs.Contracts;
using CredentialHub.Settings;
using CredentialHub.Storage;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CredentialHub.Monitoring;

/// <summary>
/// The Monitoring module: <c>/health</c> (readiness: every module's health checks, PostgreSQL, Redis and the
/// process) and <c>/health/live</c>; with metrics on, <c>/metrics</c> (Prometheus text), <c>/metrics/proofs</c> and
/// <c>/stats</c> (JSON summaries); with an OTLP endpoint, traces of requests, database commands and proof stages.
/// </summary>
public static class MonitoringModule
{
    /// <summary>
    /// Registers the module with <see cref="MonitoringModuleOptions"/> bound from <paramref name="configuration"/>
    /// (METRICS_ENABLED, OTEL_EXPORTER_OTLP_ENDPOINT, INSTANCE_NAME; the checked database from DATABASE_URL and
    /// DB_POOL_SIZE, the checked Redis from REDIS_URL) and validated at start.
    /// </summary>
    public static IServiceCollection AddMonitoringModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseSettings>().BindSettings(configuration);
        services.AddOptions<RedisSettings>().BindSettings(configuration);
        services.AddOptions<MonitoringModuleOptions>().BindSettings(configuration)
            .PostConfigure<IOptions<DatabaseSettings>, IOptions<RedisSettings>>((options, database, redis) =>
            {
                options.DatabaseConnectionString = database.Value.ConnectionString;
                options.RedisConfiguration = redis.Value.Configuration;
                options.InstanceName ??= InstanceNameAttribute.DefaultName(configuration);
            });
        var registration = SettingsBinding.Peek<MonitoringModuleOptions>(configuration);
        registration.DatabaseConnectionString = SettingsBinding.Peek<DatabaseSettings>(configuration).ConnectionString;
        registration.RedisConfiguration = SettingsBinding.Peek<RedisSettings>(configuration).Configuration;
        registration.InstanceName ??= InstanceNameAttribute.DefaultName(configuration);
        return services.AddMonitoringServices(registration);
    }

    /// <summary>Registers the module with options set in code (tests), validated like bound ones.</summary>
    public static IServiceCollection AddMonitoringModule(this IServiceCollection services, Action<MonitoringModuleOptions> configure)
    {
        services.AddOptions<MonitoringModuleOptions>().Configure(configure).ValidateSettings();
        var registration = new MonitoringModuleOptions();
        configure(registration);
        return services.AddMonitoringServices(registration);
    }

    /// <summary>The health checks, metrics and tracing <paramref name="registration"/> asks for.</summary>
    private static IServiceCollection AddMonitoringServices(this IServiceCollection services, MonitoringModuleOptions registration)
    {
        services.TryAddSingleton(TimeProvider.System);
        var checks = services.AddHealthChecks();
        checks.AddCheck<ProcessHealthCheck>("process");
        if (registration.DatabaseConnectionString is { } database)
        {
            checks.Add(new HealthCheckRegistration("postgresql", _ => new PostgresHealthCheck(database), HealthStatus.Unhealthy, null, TimeSpan.FromSeconds(5)));
        }
        if (registration.RedisConfiguration is { } redis)
        {
            // The host's one Redis connection, shared with the modules that store in Redis.
            services.AddRedisConnection(redis);
            services.AddSingleton<RedisHealthCheck>();
            checks.Add(new HealthCheckRegistration("redis", provider => provider.GetRequiredService<RedisHealthCheck>(), HealthStatus.Degraded, null, TimeSpan.FromSeconds(5)));
        }
        if (registration.MetricsEnabled)
        {
            services.AddSingleton<MetricsCollector>();
            services.AddSingleton<ProofStatistics>();
            services.AddSingleton<IProofObserver>(provider => provider.GetRequiredService<ProofStatistics>());
        }
        TracingRegistration.AddTracing(services, registration);
        return services;
    }

    /// <summary>Maps <c>/health</c>, <c>/health/live</c> and, with metrics on, <c>/metrics</c>, <c>/metrics/proofs</c> and <c>/stats</c>.</summary>
    public static IEndpointRouteBuilder MapMonitoringEndpoints(this IEndpointRouteBuilder app) => MonitoringApi.Map(app);
}
