using System.Security.Cryptography;
using CredentialHub.Credentials.Api;
using CredentialHub.Credentials.Contracts;
using CredentialHub.Credentials.Issuing;
using CredentialHub.Credentials.Presentations;
using CredentialHub.Credentials.Storage;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CredentialHub.Credentials;

/// <summary>The Credentials module: issuing, storing (sealed) and revoking credentials, and proofs from them.</summary>
public static class CredentialsModule
{
    /// <summary>Registers the store, the issuer keyring (opened, or created on the first start, before the host serves) and <see cref="ICredentialProofs"/>.</summary>
    public static IServiceCollection AddCredentialsModule(this IServiceCollection services, CredentialsModuleOptions options)
    {
        if (options.Secret is null && options.DatabaseConnectionString is not null)
        {
            throw new ArgumentException("a secret is required when credentials are stored in a database", nameof(options));
        }
        if (options.Secret is { Length: < 32 })
        {
            throw new ArgumentException("the secret must be at least 32 bytes", nameof(options));
        }
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new CredentialsSecrets(options.Secret ?? RandomNumberGenerator.GetBytes(32)));
        services.AddCredentialStorage(new CredentialStorageOptions { ConnectionString = options.DatabaseConnectionString });
        services.AddSingleton<IssuerKeyring>();
        services.AddSingleton<CredentialIssuer>();
        services.AddSingleton<ICredentialProofs, CredentialProofs>();
        services.AddHostedService<IssuerKeyringStartup>();
        return services;
    }

    public static IEndpointRouteBuilder MapCredentialsEndpoints(this IEndpointRouteBuilder app) => CredentialsApi.Map(app);
}
