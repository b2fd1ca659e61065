using CredentialHub.Proofs.Api;
using CredentialHub.Proofs.Jobs;
using CredentialHub.Proofs.Presentations;
using CredentialHub.Proofs.Storage;
using CredentialHub.Settings;
using CredentialHub.Storage;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CredentialHub.Proofs;

/// <summary>The Proofs module: the /proofs API, the proof workers and the proof store.</summary>
public static class ProofsModule
{
    /// <summary>
    /// Registers the module with <see cref="ProofsModuleOptions"/> bound from <paramref name="configuration"/>
    /// (MAX_CONCURRENT_PROOFS, PROOF_QUEUE_CAPACITY, PROOF_TIMEOUT_SECONDS, PROOF_WAIT_SECONDS, MAX_REQUEST_BYTES,
    /// PROOF_CACHE_TTL, SHUTDOWN_DRAIN_SECONDS, INSTANCE_NAME, NONCE_TTL_SECONDS; the database from DATABASE_URL and
    /// DB_POOL_SIZE, the cache from REDIS_URL) and validated at start.
    /// </summary>
    public static IServiceCollection AddProofsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseSettings>().BindSettings(configuration);
        services.AddOptions<RedisSettings>().BindSettings(configuration);
        services.AddOptions<ProofsModuleOptions>().BindSettings(configuration)
            .PostConfigure<IOptions<DatabaseSettings>, IOptions<RedisSettings>>((options, database, redis) =>
            {
                options.DatabaseConnectionString = database.Value.ConnectionString;
                options.RedisConfiguration = redis.Value.Configuration;
                options.InstanceName ??= InstanceNameAttribute.DefaultName(configuration);
            });
        var registration = SettingsBinding.Peek<ProofsModuleOptions>(configuration);
        registration.DatabaseConnectionString = SettingsBinding.Peek<DatabaseSettings>(configuration).ConnectionString;
        registration.RedisConfiguration = SettingsBinding.Peek<RedisSettings>(configuration).Configuration;
        return services.AddProofsServices(registration);
    }

    /// <summary>Registers the module with options set in code (tests), validated like bound ones.</summary>
    public static IServiceCollection AddProofsModule(this IServiceCollection services, Action<ProofsModuleOptions> configure)
    {
        services.AddOptions<ProofsModuleOptions>().Configure(configure).ValidateSettings();
        var registration = new ProofsModuleOptions();
        configure(registration);
        return services.AddProofsServices(registration);
    }

    /// <summary>Registers the store (chosen by <paramref name="registration"/>'s database and Redis), the workers, leases and batching.</summary>
    private static IServiceCollection AddProofsServices(this IServiceCollection services, ProofsModuleOptions registration)
    {
        // A stop signal lets running proofs finish within SHUTDOWN_DRAIN_SECONDS; the host waits that long and a little more.
        services.Configure<HostOptions>(host => host.ShutdownTimeout = registration.ShutdownDrain + TimeSpan.FromSeconds(10));
        services.AddProofStorage(new ProofStorageOptions
        {
            ConnectionString = registration.DatabaseConnectionString,
            RedisConfiguration = registration.RedisConfiguration,
            CacheTtl = registration.ProofCacheTtl,
        });
        services.AddSingleton<ServiceInstance>();
        if (!string.IsNullOrWhiteSpace(registration.DatabaseConnectionString))
        {
            // Registered before the workers, so that it is stopped after them: leases are renewed while proofs drain.
            services.AddSingleton<JobLeases>();
            services.AddHostedService(provider => provider.GetRequiredService<JobLeases>());
        }
        services.AddSingleton<ProofMetrics>();
        services.AddSingleton<ProofWorkers>();
        services.AddHostedService(provider => provider.GetRequiredService<ProofWorkers>());
        services.AddSingleton<CredentialPresentations>();
        services.AddSingleton<VerificationBatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<VerificationBatcher>());
        services.AddHealthChecks().AddCheck<ProofSystemsHealthCheck>("proof_systems");
        return services;
    }

    public static IEndpointRouteBuilder MapProofsEndpoints(this IEndpointRouteBuilder app) => ProofsApi.Map(app);
}
