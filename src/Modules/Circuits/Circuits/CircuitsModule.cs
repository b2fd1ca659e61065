using CredentialHub.Circuits.Api;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Circuits.Catalog;
using CredentialHub.Circuits.Inputs;
using CredentialHub.Circuits.Storage;
using CredentialHub.Circuits.Witness;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CredentialHub.Circuits;

/// <summary>The Circuits module: the circuit registry, its endpoints and the witness engine.</summary>
public static class CircuitsModule
{
    /// <summary>Registers the registry (bundled circuits are loaded and checked when the host starts), its store, the witness engine and the input validator.</summary>
    public static IServiceCollection AddCircuitsModule(this IServiceCollection services, CircuitsModuleOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<IWitnessEngine>(_ => WitnessEngine.Create(prepareWhenAccepted: true));
        services.AddSingleton<IInputValidator, InputValidator>();
        services.AddCircuitStorage(new CircuitStorageOptions { ConnectionString = options.DatabaseConnectionString });
        services.AddSingleton<CircuitLoader>();
        services.AddSingleton<CircuitCatalog>();
        services.AddSingleton<ICircuitCatalog>(provider => provider.GetRequiredService<CircuitCatalog>());
        services.AddHostedService<CircuitCatalogStartup>();
        services.AddHealthChecks().AddCheck<CircuitsHealthCheck>("circuits");
        return services;
    }

    /// <summary>The witness engine on its own, for the command line (the service gets it through <see cref="AddCircuitsModule"/>).</summary>
    public static IWitnessEngine CreateWitnessEngine() => WitnessEngine.Create();

    public static IEndpointRouteBuilder MapCircuitsEndpoints(this IEndpointRouteBuilder app) =>
        CircuitsApi.Map(app, app.ServiceProvider.GetRequiredService<CircuitsModuleOptions>().MaxUploadBytes);
}
