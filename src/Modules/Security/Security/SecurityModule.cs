using CredentialHub.Security.Authentication;
using CredentialHub.Security.Contracts;
using CredentialHub.Security.Keys;
using CredentialHub.Security.RateLimiting;
using CredentialHub.Security.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CredentialHub.Security;

/// <summary>
/// The Security module: request body limits and security headers; authentication (an API-key scheme and, when tokens
/// are accepted, JwtBearer, chosen per request by a policy scheme) and authorization (each scope a policy, see
/// <see cref="Scopes"/>); rate limits (Redis sliding window, in-process fallback) and one-time nonces; as middleware
/// and services.
/// </summary>
public static class SecurityModule
{
    /// <summary>Registers the module; throws <see cref="ArgumentException"/> naming the setting when a configured key or address is unusable.</summary>
    public static IServiceCollection AddSecurityModule(this IServiceCollection services, SecurityModuleOptions options)
    {
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSecurityStorage(new SecurityStorageOptions { ConnectionString = options.DatabaseConnectionString, RedisConfiguration = options.RedisConfiguration });
        services.AddSingleton<ApiKeys>();
        services.AddSingleton<SecurityAudit>();
        services.AddSingleton<AccessRefusals>();
        services.AddSingleton<RequestRateLimits>();

        bool tokensAccepted = BearerTokens.Accepted(options);
        var authentication = services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(SecuritySchemes.ApiKey, null)
            .AddPolicyScheme(SecuritySchemes.ApiKeyOrBearer, "API key or bearer token",
                scheme => scheme.ForwardDefaultSelector = context => SchemeSelector.Select(context, tokensAccepted));
        if (tokensAccepted)
        {
            if (options.TokenAuthority is not null || options.TokenJwksUrl is not null)
            {
                // A token signed with a key the service has not fetched yet waits for the fetch (bounded by its 10 s
                // timeout) and is accepted, instead of being refused while the keys are refreshed in the background.
                // IdentityModel reads the switch once, when its first token handler or key cache is made: the host sets
                // it in its runtimeconfig; this covers a host that does not, unless a token handler was made before.
                AppContext.SetSwitch("Switch.Microsoft.IdentityModel.UpdateConfigAsBlocking", true);
            }
            // Built now, so that an unusable public key or address stops the start-up instead of failing requests.
            var tokens = new BearerTokens(options);
            services.AddSingleton(_ => tokens);
            services.AddSingleton<BearerTokenEvents>();
            authentication.AddJwtBearer(SecuritySchemes.Bearer, _ => { });
            services.AddOptions<JwtBearerOptions>(SecuritySchemes.Bearer).Configure<ILoggerFactory>(tokens.Configure);
        }
        services.AddSingleton<IAuthorizationPolicyProvider, ScopePolicyProvider>();
        services.AddAuthorization();

        if (options.CreateAdminKey)
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

    /// <summary>
    /// The <c>keys</c> command: create, list, rotate and revoke API keys in the PostgreSQL database the service uses.
    /// Exit codes: 0 done, 1 no such key, 2 usage or configuration.
    /// </summary>
    public static int RunKeysCommand(string[] args, string? databaseConnectionString, TextWriter stdout, TextWriter stderr) =>
        KeysCommand.Run(args, databaseConnectionString, stdout, stderr);
}
