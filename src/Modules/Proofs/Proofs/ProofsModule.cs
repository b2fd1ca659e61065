using CredentialHub.Proofs.Api;
using CredentialHub.Proofs.Jobs;
using CredentialHub.Proofs.Presentations;
using CredentialHub.Proofs.Provers;
using CredentialHub.Proofs.Storage;
using CredentialHub.Settings;
using CredentialHub.Storage;
using Microsoft.AspNetCore.Builder;
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
    /// <param name="configure">What the host sets in code besides the settings (the command that starts a prover process).</param>
    public static IServiceCollection AddProofsModule(this IServiceCollection services, IConfiguration configuration, Action<ProofsModuleOptions>? configure = null)
    {
        services.AddOptions<DatabaseSettings>().BindSettings(configuration);
        services.AddOptions<RedisSettings>().BindSettings(configuration);
        services.AddOptions<ProofsModuleOptions>().BindSettings(configuration)
            .PostConfigure<IOptions<DatabaseSettings>, IOptions<RedisSettings>>((options, database, redis) =>
            {
                options.DatabaseConnectionString = database.Value.ConnectionString;
                options.RedisConfiguration = redis.Value.Configuration;
                options.InstanceName ??= InstanceNameAttribute.DefaultName(configuration);
                configure?.Invoke(options);
            });
        var registration = SettingsBinding.Peek<ProofsModuleOptions>(configuration);
        registration.DatabaseConnectionString = SettingsBinding.Peek<DatabaseSettings>(configuration).ConnectionString;
        registration.RedisConfiguration = SettingsBinding.Peek<RedisSettings>(configuration).Configuration;
        configure?.Invoke(registration);
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
        services.AddSingleton<Monitoring.Contracts.IKnownSeriesSource, ProofSeries>();
        if (registration.UsesProverProcesses)
        {
            // Registered before the workers: started first (the service is ready once its provers are), stopped after them.
            services.AddSingleton<ProverPool>();
            services.AddSingleton<IProvingBackend>(provider => provider.GetRequiredService<ProverPool>());
            services.AddHostedService(provider => provider.GetRequiredService<ProverPool>());
            services.AddHealthChecks().AddCheck<ProverProcessesHealthCheck>("prover_processes");
        }
        else
        {
            services.AddSingleton<IProvingBackend, InProcessProver>();
            services.AddHostedService<InProcessWarmup>();
        }
        services.AddSingleton<ProofWorkers>();
        services.AddHostedService(provider => provider.GetRequiredService<ProofWorkers>());
        services.AddSingleton<CredentialPresentations>();
        services.AddSingleton<VerificationBatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<VerificationBatcher>());
        services.AddHealthChecks().AddCheck<ProofSystemsHealthCheck>("proof_systems");
        services.AddHostedService<ProofsApiWarmup>();
        return services;
    }

    public static IEndpointRouteBuilder MapProofsEndpoints(this IEndpointRouteBuilder app) => ProofsApi.Map(app);

    /// <summary>
    /// What a prover process serves (the host binary's hidden verb): the prover's gRPC service, every call checked for
    /// <paramref name="token"/>, over the Unix domain socket at <paramref name="socketPath"/>. The caller registers the proof
    /// systems and the Circuits module's package loader.
    /// </summary>
    public static IServiceCollection AddProverWorker(this IServiceCollection services, string socketPath, string token)
    {
        var options = new ProverWorkerOptions(socketPath, token);
        services.AddSingleton(options);
        services.AddSingleton<ProverTokenInterceptor>();
        // One instance holds the loaded circuits for every call (gRPC would otherwise make one per call).
        services.AddSingleton<ProverWorkerService>();
        services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<ProverTokenInterceptor>();
            // Circuits' proving keys arrive in one message.
            grpc.MaxReceiveMessageSize = null;
            grpc.MaxSendMessageSize = null;
        });
        return services;
    }

    /// <summary>Maps the prover's gRPC service (see <see cref="AddProverWorker"/>).</summary>
    public static IEndpointRouteBuilder MapProverWorker(this IEndpointRouteBuilder app)
    {
        app.MapGrpcService<ProverWorkerService>();
        return app;
    }
}
