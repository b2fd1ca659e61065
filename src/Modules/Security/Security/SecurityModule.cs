using CredentialHub.Security.Authentication;
using CredentialHub.Security.Keys;
using CredentialHub.Security.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CredentialHub.Security;

/// <summary>
/// The Security module: request body limits and security headers, API keys and bearer tokens with scopes, rate
/// limits (Redis sliding window, in-process fallback) and one-time nonces, as middleware and services.
/// </summary>
public static class SecurityModule
{
    /// <summary>Registers the module; throws <see cref="ArgumentException"/> naming the setting when a configured key is unusable.</summary>
    public static IServiceCollection AddSecurityModule(this IServiceCollection services, SecurityModuleOptions options)
    {
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSecurityStorage(new SecurityStorageOptions { ConnectionString = options.DatabaseConnectionString, RedisConfiguration = options.RedisConfiguration });
        services.AddSingleton<ApiKeys>();
        // Built now, so that an unusable public key stops the start-up instead of failing requests.
        JwtValidator? validator = null;
        if (options.TokenIssuer is not null)
        {
            try
            {
                validator = new JwtValidator(options.TokenSecret, options.TokenPublicKeyPem, options.TokenIssuer, options.TokenAudience, TimeProvider.System);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"JWT_PUBLIC_KEY_FILE {e.Message}", nameof(options));
            }
        }
        services.AddSingleton(new BearerTokens(validator));
        if (options.CreateAdminKey)
        {
            services.AddHostedService<AdminKeyStartup>();
        }
        return services;
    }

    /// <summary>Adds the middleware; call after routing so that endpoint metadata is known.</summary>
    public static IApplicationBuilder UseSecurityModule(this IApplicationBuilder app) =>
        app.UseMiddleware<RequestLimitsMiddleware>().UseMiddleware<AccessControlMiddleware>();

    /// <summary>
    /// The <c>keys</c> command: create, list, rotate and revoke API keys in the PostgreSQL database the service uses.
    /// Exit codes: 0 done, 1 no such key, 2 usage or configuration.
    /// </summary>
    public static int RunKeysCommand(string[] args, string? databaseConnectionString, TextWriter stdout, TextWriter stderr) =>
        KeysCommand.Run(args, databaseConnectionString, stdout, stderr);
}
