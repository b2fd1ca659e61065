using CredentialHub.Security.Authentication;
using CredentialHub.Security.Contracts;
using CredentialHub.Security.Keys;
using CredentialHub.Security.RateLimiting;
using CredentialHub.Security.Storage;
using CredentialHub.Settings;
using CredentialHub.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CredentialHub.Security;

/// <summary>
/// The Security module: request body limits and security headers; authentication (an API-key scheme and, when tokens
/// are accepted, JwtBearer, chosen per request by a policy scheme) and authorization (each scope a policy, see
/// <see cref="Scopes"/>); rate limits (Redis sliding window, in-process fallback) and one-time nonces; as middleware
/// and services.
/// </summary>
public static class SecurityModule
{
    /// <summary>
    /// Registers the module with <see cref="SecurityModuleOptions"/> bound from <paramref name="configuration"/>
    /// (MAX_REQUEST_BYTES, RATE_LIMIT_PER_MINUTE, PROVE_RATE_LIMIT_PER_MINUTE, RATE_LIMIT_BURST, JWT_ISSUER,
    /// JWT_AUDIENCE, JWT_PUBLIC_KEY_FILE, JWT_AUTHORITY, JWT_JWKS_URL; the HS256 key from SECRET_KEY or SECRET_KEY_FILE;
    /// the key store from DATABASE_URL and DB_POOL_SIZE, rate limits and nonces from REDIS_URL) and validated at start
    /// (an unusable key or address stops the start-up). Without a database an admin key is created and printed at start.
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
        services.AddSingleton<Monitoring.Contracts.IKnownSeriesSource, SecuritySeries>();
        services.AddSingleton<SecurityAudit>();
        services.AddSingleton<AccessRefusals>();
        services.AddSingleton<RequestRateLimits>();

        bool tokensAccepted = BearerTokens.Accepted(registration);
        var authentication = services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(SecuritySchemes.ApiKey, null)
            .AddPolicyScheme(SecuritySchemes.ApiKeyOrBearer, "API key or bearer token",
                scheme => scheme.ForwardDefaultSelector = context => SchemeSelector.Select(context, tokensAccepted));
        if (tokensAccepted)
        {
            if (registration.TokenAuthority is not null || registration.TokenJwksUrl is not null)
            {
                // A token signed with a key the service has not fetched yet waits for the fetch (bounded by its 10 s
                // timeout) and is accepted, instead of being refused while the keys are refreshed in the background.
                // IdentityModel reads the switch once, when its first token handler or key cache is made: the host sets
                // it in its runtimeconfig; this covers a host that does not, unless a token handler was made before.
                AppContext.SetSwitch("Switch.Microsoft.IdentityModel.UpdateConfigAsBlocking", true);
            }
            // Built from the validated options: validation builds them the same way first, so that an unusable public
            // key or address stops the start-up instead of failing requests.
            services.AddSingleton(provider => new BearerTokens(provider.GetRequiredService<IOptions<SecurityModuleOptions>>().Value));
            services.AddSingleton<BearerTokenEvents>();
            authentication.AddJwtBearer(SecuritySchemes.Bearer, _ => { });
            services.AddOptions<JwtBearerOptions>(SecuritySchemes.Bearer).Configure<ILoggerFactory, BearerTokens>((jwt, loggers, tokens) => tokens.Configure(jwt, loggers));
        }
        services.AddSingleton<IAuthorizationPolicyProvider, ScopePolicyProvider>();
        services.AddAuthorization();
        services.AddHostedService<AuthenticationWarmup>();

        if (registration.CreateAdminKey)
        {
            services.AddHostedService<AdminKeyStartup>();
        }
        return services;
    }

    /// <summary>
    /// Adds the middleware; call after routing so that endpoint metadata is known: security headers and body limits,
    /// the client address's rate limit, authentication and authorization (the endpoint's scope policy), the caller's
    /// rate limit.
    /// </summary>
    public static IApplicationBuilder UseSecurityModule(this IApplicationBuilder app) =>
        app.UseMiddleware<RequestLimitsMiddleware>()
            .UseMiddleware<AddressRateLimitMiddleware>()
            .UseAuthentication()
            .UseAuthorization()
            .UseMiddleware<CallerRateLimitMiddleware>();

    /// <summary>The scopes an API key may hold (what <c>keys create --scope</c> accepts, besides <c>all</c>).</summary>
    public static IReadOnlyList<string> ApiKeyScopes => ApiKeys.AllScopes;

    /// <summary>
    /// <c>keys create</c>: a new API key with these scopes (comma-separated, or <c>all</c>) in the PostgreSQL database
    /// the service uses, printed once on <paramref name="stdout"/>. Exit codes: 0 done, 2 unknown scope or database
    /// unusable (or <paramref name="databaseConnectionString"/> null: DATABASE_URL not set).
    /// </summary>
    public static int CreateApiKey(string? databaseConnectionString, string scopes, string? name, TextWriter stdout, TextWriter stderr) =>
        KeysCommand.Create(databaseConnectionString, scopes, name, stdout, stderr);

    /// <summary><c>keys list</c>: every key's id, prefix, creation time, state, name and scopes (never a key). Exit codes: 0, 2.</summary>
    public static int ListApiKeys(string? databaseConnectionString, TextWriter stdout, TextWriter stderr) =>
        KeysCommand.List(databaseConnectionString, stdout, stderr);

    /// <summary><c>keys rotate</c>: a new key in place of an active one, printed once. Exit codes: 0 done, 1 no such active key, 2.</summary>
    public static int RotateApiKey(string? databaseConnectionString, Guid id, TextWriter stdout, TextWriter stderr) =>
        KeysCommand.Rotate(databaseConnectionString, id, stdout, stderr);

    /// <summary><c>keys revoke</c>: ends a key. Exit codes: 0 done, 1 no such key, 2.</summary>
    public static int RevokeApiKey(string? databaseConnectionString, Guid id, TextWriter stderr) =>
        KeysCommand.Revoke(databaseConnectionString, id, stderr);
}
