using CredentialHub.Circuits;
using CredentialHub.Credentials;
using CredentialHub.Host.Plugins;
using CredentialHub.Monitoring;
using CredentialHub.Proofs;
using CredentialHub.ProofSystems.Contracts;
using CredentialHub.Security;
using CredentialHub.Settings;
using CredentialHub.Storage;
using Microsoft.Extensions.Options;

namespace CredentialHub.Host;

/// <summary>
/// The service's composition: the host's settings, the plugin catalog and the five modules, each binding its own
/// options from the configuration and validating them at start. What the framework reads while the host is being
/// built (the log level, Kestrel's limits, the shutdown timeout) comes from the settings as configured
/// (<see cref="SettingsBinding.Peek{T}"/>), never from validated options: those are validated once the host is built,
/// all at once.
/// </summary>
internal static class ServiceComposition
{
    /// <summary>Where the HTTP API listens when nothing says otherwise (ASPNETCORE_URLS, --urls, Kestrel endpoints).</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>
    /// Registers everything the service is made of; returns the host's settings as configured, for what the host
    /// decides before it is built (the log level).
    /// </summary>
    public static HostSettings AddCredentialHub(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSecretSettings(configuration);
        services.AddOptions<HostSettings>().BindSettings(configuration)
            .Validate<IOptions<SecretSettings>>(
                (host, secret) => !host.IsProduction || secret.Value.Secret is not null,
                $"SECRET_KEY is required in production mode (ASPNETCORE_ENVIRONMENT=Production): credentials and the issuer key are encrypted under it; set SECRET_KEY (at least {SecretSettings.MinLength} characters) or SECRET_KEY_FILE");

        var host = SettingsBinding.Peek<HostSettings>(configuration);
        services.AddSingleton(provider =>
        {
            var settings = provider.GetRequiredService<IOptions<HostSettings>>().Value;
            return ProofSystemCatalog.Load(settings.PluginsPath, reloadable: settings.PluginsReload);
        });
        services.AddSingleton<IProofSystemCatalog>(provider => provider.GetRequiredService<ProofSystemCatalog>());
        if (host.PluginsReload)
        {
            // Plugin folders that change are loaded again without a restart; consumers rebind on IProofSystemCatalog.Changed.
            services.AddHostedService<PluginReloader>();
        }

        // Proofs are made by prover processes (PROVER_PROCESSES, this binary's hidden verb) unless it is 0: then this
        // process keeps only the verification keys, and the processes the proving keys and witness engines.
        bool isolated = SettingsBinding.Peek<ProofsModuleOptions>(configuration).ProverProcesses > 0;
        services.PostConfigure<CircuitsModuleOptions>(circuits => circuits.KeepProvingKeys = !isolated);
        var proverCommand = Commands.ProverWorkerCommand.StartCommand(host.PluginsPath);

        services
            // The one Redis connection (REDIS_URL) of the whole host: the health check, the rate limits and nonces and the
            // proof cache all use it (each module asks for it with the same configuration and finds this one).
            .AddRedisConnection(SettingsBinding.Peek<RedisSettings>(configuration).Configuration)
            .AddMonitoringModule(configuration)
            .AddSecurityModule(configuration)
            .AddCircuitsModule(configuration)
            .AddCredentialsModule(configuration)
            .AddProofsModule(configuration, proofs => proofs.ProverCommand = proverCommand);
        return host;
    }

    /// <summary>Kestrel's cap on a request body: the larger of CIRCUIT_UPLOAD_MAX_BYTES and MAX_REQUEST_BYTES (endpoints apply their own).</summary>
    public static long MaxRequestBodyBytes(IConfiguration configuration) =>
        Math.Max(SettingsBinding.Peek<CircuitsModuleOptions>(configuration).MaxUploadBytes, SettingsBinding.Peek<SecurityModuleOptions>(configuration).MaxRequestBytes);
}
