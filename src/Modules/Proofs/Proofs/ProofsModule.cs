using CredentialHub.Proofs.Api;
using CredentialHub.Proofs.Jobs;
using CredentialHub.Proofs.Presentations;
using CredentialHub.Proofs.Storage;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CredentialHub.Proofs;

/// <summary>The Proofs module: the /proofs API, the proof workers and the proof store.</summary>
public static class ProofsModule
{
    public static IServiceCollection AddProofsModule(this IServiceCollection services, ProofsModuleOptions options)
    {
        services.AddSingleton(options);
        services.AddProofStorage(new ProofStorageOptions
        {
            ConnectionString = options.DatabaseConnectionString,
            RedisConfiguration = options.RedisConfiguration,
            CacheTtl = options.ProofCacheTtl,
        });
        services.AddSingleton<ServiceInstance>();
        if (!string.IsNullOrWhiteSpace(options.DatabaseConnectionString))
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
