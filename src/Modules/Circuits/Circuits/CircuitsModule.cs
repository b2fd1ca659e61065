using CredentialHub.Circuits.Api;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Circuits.Catalog;
using CredentialHub.Circuits.Inputs;
using CredentialHub.Circuits.Storage;
using CredentialHub.Circuits.Witness;
using CredentialHub.Settings;
using CredentialHub.Storage;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CredentialHub.Circuits;

/// <summary>The Circuits module: the circuit registry, its endpoints and the witness engine.</summary>
public static class CircuitsModule
{
    /// <summary>
    /// Registers the module with <see cref="CircuitsModuleOptions"/> bound from <paramref name="configuration"/>
    /// (CIRCUITS_DIR, CIRCUIT_UPLOAD_MAX_BYTES; the database from DATABASE_URL and DB_POOL_SIZE) and validated at start.
    /// </summary>
    public static IServiceCollection AddCircuitsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseSettings>().BindSettings(configuration);
        services.AddOptions<CircuitsModuleOptions>().BindSettings(configuration)
            .PostConfigure<IOptions<DatabaseSettings>>((options, database) => options.DatabaseConnectionString = database.Value.ConnectionString);
        var registration = SettingsBinding.Peek<CircuitsModuleOptions>(configuration);
        registration.DatabaseConnectionString = SettingsBinding.Peek<DatabaseSettings>(configuration).ConnectionString;
        return services.AddCircuitsServices(registration);
    }

    /// <summary>Registers the module with options set in code (tests), validated like bound ones.</summary>
    public static IServiceCollection AddCircuitsModule(this IServiceCollection services, Action<CircuitsModuleOptions> configure)
    {
        services.AddOptions<CircuitsModuleOptions>().Configure(configure).ValidateSettings();
        var registration = new CircuitsModuleOptions();
        configure(registration);
        return services.AddCircuitsServices(registration);
    }

    /// <summary>
    /// Registers the registry (bundled circuits are loaded and checked when the host starts), its store (chosen by
    /// <paramref name="registration"/>'s database), the witness engine and the input validator.
    /// </summary>
    private static IServiceCollection AddCircuitsServices(this IServiceCollection services, CircuitsModuleOptions registration)
    {
        services.AddOptions<CircuitsModuleOptions>().PostConfigure(options => options.CircuitsDirectory = options.CircuitsDirectory is { } directory ? Path.GetFullPath(directory) : DefaultCircuitsDirectory());
        services.AddSingleton<IWitnessEngine>(_ => WitnessEngine.Create(prepareWhenAccepted: true));
        services.AddSingleton<IInputValidator, InputValidator>();
        services.AddCircuitStorage(new CircuitStorageOptions { ConnectionString = registration.DatabaseConnectionString });
        services.AddSingleton<CeremonyVerifier>();
        services.AddSingleton<CircuitLoader>();
        services.AddSingleton<Monitoring.Contracts.IKnownSeriesSource, CircuitSeries>();
        services.AddSingleton<ICircuitPackageLoader>(provider => provider.GetRequiredService<CircuitLoader>());
        services.AddSingleton<CircuitCatalog>();
        services.AddSingleton<ICircuitCatalog>(provider => provider.GetRequiredService<CircuitCatalog>());
        services.AddHostedService<CircuitCatalogStartup>();
        services.AddHealthChecks().AddCheck<CircuitsHealthCheck>("circuits");
        return services;
    }

    /// <summary>
    /// What a prover process needs of the module: the witness engine and the <see cref="ICircuitPackageLoader"/> that loads
    /// circuits from the packages its host sends, resident (no catalog, store, endpoints or circuits directory).
    /// </summary>
    public static IServiceCollection AddCircuitPackageLoader(this IServiceCollection services)
    {
        services.AddOptions<CircuitsModuleOptions>().Configure(options => options.KeepProvingKeys = true);
        services.AddSingleton<IWitnessEngine>(_ => WitnessEngine.Create(prepareWhenAccepted: true));
        services.AddSingleton<CircuitLoader>();
        services.AddSingleton<Monitoring.Contracts.IKnownSeriesSource, CircuitSeries>();
        services.AddSingleton<ICircuitPackageLoader>(provider => provider.GetRequiredService<CircuitLoader>());
        return services;
    }

    /// <summary>
    /// The witness engine on its own, for the command line (the service gets it through <see cref="AddCircuitsModule(IServiceCollection, IConfiguration)"/>):
    /// a process that computes one witness and ends, so its compiled circuit stays loaded and gets tiered compilation.
    /// </summary>
    public static IWitnessEngine CreateWitnessEngine() => WitnessEngine.Create(unloadable: false);

    public static IEndpointRouteBuilder MapCircuitsEndpoints(this IEndpointRouteBuilder app) =>
        CircuitsApi.Map(app, app.ServiceProvider.GetRequiredService<IOptions<CircuitsModuleOptions>>().Value.MaxUploadBytes);

    /// <summary>circuits/ next to the binary, else circuits/ in the working directory or the nearest parent holding one.</summary>
    private static string DefaultCircuitsDirectory()
    {
        string beside = Path.Combine(AppContext.BaseDirectory, "circuits");
        if (Directory.Exists(beside))
        {
            return beside;
        }
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "circuits");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return beside;
    }
}
