using CredentialHub.Security.Authentication;
using CredentialHub.Security.Contracts;
using CredentialHub.Security.Keys;
using CredentialHub.Security.RateLimiting;
using CredentialHub.Security.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

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
        services.AddSecurityStorage(options.DatabaseConnectionString);
        services.AddSecurityRedis(options.RedisConfiguration);
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

/// <summary>The bearer-token validator, when tokens are configured.</summary>
internal sealed record BearerTokens(JwtValidator? Validator);

/// <summary>In the embedded mode (keys in process), creates an admin key holding every scope and prints it once.</summary>
internal sealed class AdminKeyStartup(ApiKeys keys, SecurityModuleOptions options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var (_, key) = await keys.CreateAsync("admin (embedded mode)", ApiKeys.AllScopes, cancellationToken);
        var output = options.AdminKeyOutput ?? Console.Out;
        await output.WriteLineAsync($"admin API key (every scope; shown once, kept in memory by this process only): {key}");
        await output.FlushAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Sets the usual security headers on every response and caps each request body at its endpoint's
/// <see cref="RequestBodyLimit"/> or the default: a declared length over the cap is refused at once (413), and
/// the server stops reading a streamed body at the cap.
/// </summary>
internal sealed class RequestLimitsMiddleware(RequestDelegate next, SecurityModuleOptions options)
{
    /// <summary>The largest refused body the server still reads and discards to keep the connection.</summary>
    private const long DrainLimit = 1 << 20;

    public async Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        headers["X-Request-Id"] = context.TraceIdentifier;
        if (!context.Request.Path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase))
        {
            headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
        }

        var endpoint = context.GetEndpoint();
        long limit = endpoint?.Metadata.GetMetadata<RequestBodyLimit>()?.Bytes ?? options.MaxRequestBytes;
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } writable ? writable : null;
        if (feature is not null)
        {
            feature.MaxRequestBodySize = limit;
        }
        if (endpoint?.DisplayName is RoutingRejection.UnsupportedMediaType or RoutingRejection.MethodNotAllowed)
        {
            // Routing already refused the request for its media type or method, whatever its size: that answer (415,
            // 405) says what to change, where a 413 naming another endpoint's cap would mislead. The body is not read;
            // a small one is discarded so that the connection stays usable.
            if (feature is not null && context.Request.ContentLength is { } declared && declared <= DrainLimit)
            {
                feature.MaxRequestBodySize = Math.Max(limit, declared);
            }
            else if (context.Request.ContentLength > limit || context.Request.ContentLength is null)
            {
                context.Response.Headers.Connection = "close";
            }
            await next(context);
            return;
        }
        if (context.Request.ContentLength > limit)
        {
            // Refused from the declared length without reading the body. The server then discards the unread body so
            // that the client, still sending, reads the answer on a healthy connection (a connection closed on unread
            // data can lose the answer): allowed up to DrainLimit, beyond it the connection is closed.
            if (feature is not null && context.Request.ContentLength <= DrainLimit)
            {
                feature.MaxRequestBodySize = context.Request.ContentLength;
            }
            else
            {
                context.Response.Headers.Connection = "close";
            }
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await Results.Problem($"the body is {context.Request.ContentLength} bytes; this endpoint accepts at most {limit}",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large",
                extensions: new Dictionary<string, object?> { ["field"] = "body" }).ExecuteAsync(context);
            return;
        }
        await next(context);
    }
}

/// <summary>The display names ASP.NET Core routing gives the endpoints it selects to refuse a request.</summary>
internal static class RoutingRejection
{
    public const string UnsupportedMediaType = "415 HTTP Unsupported Media Type";

    public const string MethodNotAllowed = "405 HTTP Method Not Supported";
}
