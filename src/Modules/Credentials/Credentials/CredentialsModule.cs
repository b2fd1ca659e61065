using System.Security.Cryptography;
using CredentialHub.Credentials.Api;
using CredentialHub.Credentials.Contracts;
using CredentialHub.Credentials.Issuing;
using CredentialHub.Credentials.Presentations;
using CredentialHub.Credentials.Storage;
using CredentialHub.Settings;
using CredentialHub.Storage;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CredentialHub.Credentials;

/// <summary>The Credentials module: issuing, storing (sealed) and revoking credentials, and proofs from them.</summary>
public static class CredentialsModule
{
    /// <summary>
    /// Registers the module with <see cref="CredentialsModuleOptions"/> bound from <paramref name="configuration"/>
    /// (MAX_REQUEST_BYTES; the database from DATABASE_URL and DB_POOL_SIZE; the secret from SECRET_KEY or
    /// SECRET_KEY_FILE) and validated at start.
    /// </summary>
    public static IServiceCollection AddCredentialsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseSettings>().BindSettings(configuration);
        services.AddSecretSettings(configuration);
        services.AddOptions<CredentialsModuleOptions>().BindSettings(configuration)
            .PostConfigure<IOptions<DatabaseSettings>, IOptions<SecretSettings>>((options, database, secret) =>
            {
                options.DatabaseConnectionString = database.Value.ConnectionString;
                options.Secret = secret.Value.Secret;
            });
        var registration = SettingsBinding.Peek<CredentialsModuleOptions>(configuration);
        registration.DatabaseConnectionString = SettingsBinding.Peek<DatabaseSettings>(configuration).ConnectionString;
        return services.AddCredentialsServices(registration);
    }

    /// <summary>Registers the module with options set in code (tests), validated like bound ones.</summary>
    public static IServiceCollection AddCredentialsModule(this IServiceCollection services, Action<CredentialsModuleOptions> configure)
    {
        services.AddOptions<CredentialsModuleOptions>().Configure(configure).ValidateSettings();
        var registration = new CredentialsModuleOptions();
        configure(registration);
        return services.AddCredentialsServices(registration);
    }

    /// <summary>
    /// Registers the store (chosen by <paramref name="registration"/>'s database), the issuer keyring (opened, or
    /// created on the first start, before the host serves) and <see cref="ICredentialProofs"/>.
    /// </summary>
    private static IServiceCollection AddCredentialsServices(this IServiceCollection services, CredentialsModuleOptions registration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new CredentialsSecrets(provider.GetRequiredService<IOptions<CredentialsModuleOptions>>().Value.Secret ?? RandomNumberGenerator.GetBytes(32)));
        services.AddCredentialStorage(new CredentialStorageOptions { ConnectionString = registration.DatabaseConnectionString });
        services.AddSingleton<IssuerKeyring>();
        services.AddSingleton<CredentialIssuer>();
        services.AddSingleton<ICredentialProofs, CredentialProofs>();
        services.AddHostedService<IssuerKeyringStartup>();
        return services;
    }

    public static IEndpointRouteBuilder MapCredentialsEndpoints(this IEndpointRouteBuilder app) => CredentialsApi.Map(app);
}
