using CredentialHub.Security.Authentication;
using CredentialHub.Security.Keys;
using CredentialHub.Security.Storage;
using CredentialHub.Settings;
using CredentialHub.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CredentialHub.Security;

/// <summary>
/// The Security module: request body limits and security headers, API keys and bearer tokens with scopes, rate
/// limits (Redis sliding window, in-process fallback) and one-time nonces, as middleware and services.
/// </summary>
public static class SecurityModule
{
    /// <summary>
    /// Registers the module with <see cref="SecurityModuleOptions"/> bound from <paramref name="configuration"/>
    /// (MAX_REQUEST_BYTES, RATE_LIMIT_PER_MINUTE, PROVE_RATE_LIMIT_PER_MINUTE, RATE_LIMIT_BURST, JWT_ISSUER,
    /// JWT_AUDIENCE, JWT_PUBLIC_KEY_FILE; the HS256 key from SECRET_KEY or SECRET_KEY_FILE; the key store from
    /// DATABASE_URL and DB_POOL_SIZE, rate limits and nonces from REDIS_URL) and validated at start. Without a database
    /// an admin key is created and printed at start.
    /// </summary>
    public static IServiceCollection AddSecurityModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseSettings>().BindSettings(configuration);
        services.AddOptions<RedisSettings>().BindSettings(configuration);
        services.AddSecretSettings(configuration);
        services.AddOptions<SecurityModuleOptions>().BindSettings(configuration)
            .PostConfigure<IOptions<DatabaseSettings>, IOptions<RedisSettings>, IOptions<SecretSettings>>((options, database, redis, secret) =>
            {
                options.DatabaseConnectionString = database.Value.ConnectionString;
                options.RedisConfiguration = redis.Value.Configuration;
                options.TokenSecret = secret.Value.Secret;
                options.CreateAdminKey = options.DatabaseConnectionString is null;
            });
        var registration = SettingsBinding.Peek<SecurityModuleOptions>(configuration);
        registration.DatabaseConnectionString = SettingsBinding.Peek<DatabaseSettings>(configuration).ConnectionString;
        registration.RedisConfiguration = SettingsBinding.Peek<RedisSettings>(configuration).Configuration;
        registration.CreateAdminKey = registration.DatabaseConnectionString is null;
        return services.AddSecurityServices(registration);
    }

    /// <summary>Registers the module with options set in code (tests), validated like bound ones.</summary>
    public static IServiceCollection AddSecurityModule(this IServiceCollection services, Action<SecurityModuleOptions> configure)
    {
        services.AddOptions<SecurityModuleOptions>().Configure(configure).ValidateSettings();
        var registration = new SecurityModuleOptions();
        configure(registration);
        return services.AddSecurityServices(registration);
    }

    /// <summary>Registers the stores (chosen by <paramref name="registration"/>'s database and Redis), keys, tokens and the admin key.</summary>
    private static IServiceCollection AddSecurityServices(this IServiceCollection services, SecurityModuleOptions registration)
    {
        services.AddOptions<SecurityModuleOptions>().PostConfigure(options => options.LoadPublicKey());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSecurityStorage(new SecurityStorageOptions { ConnectionString = registration.DatabaseConnectionString, RedisConfiguration = registration.RedisConfiguration });
        services.AddSingleton<ApiKeys>();
        // The options are validated at start, so the key here is usable (validation builds the validator the same way).
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<SecurityModuleOptions>>().Value is { TokenIssuer: { } issuer } options
            ? new BearerTokens(new JwtValidator(options.TokenSecret, options.TokenPublicKeyPem, issuer, options.TokenAudience, TimeProvider.System))
            : new BearerTokens(null));
        if (registration.CreateAdminKey)
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
