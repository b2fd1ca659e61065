using System.Security.Claims;
using CredentialHub.Security.Contracts;
using CredentialHub.Security.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using CredentialHub.Web;
using Microsoft.Extensions.Options;

namespace CredentialHub.Security.Authentication;

/// <summary>
/// Who may call what, and how often. For every request but health, metrics and the API documentation: the client
/// address's rate limit; then, for an endpoint with <see cref="RequiredScope"/>, authentication (an API key in
/// <c>X-API-Key</c> or <c>Authorization: Bearer</c>, or a bearer JWT), the scope, and the caller's own rate limit.
/// Refusals are problem documents (401 with <c>WWW-Authenticate</c>, 403, 429 with <c>Retry-After</c>) and audit
/// log lines; a credential is never repeated in either.
/// </summary>
internal sealed class AccessControlMiddleware(
    RequestDelegate next,
    ApiKeys keys,
    BearerTokens tokens,
    IRateLimitStore limits,
    IOptions<SecurityModuleOptions> options,
    ILoggerFactory loggers)
{
    public const string AuditCategory = "CredentialHub.Audit";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly ILogger _audit = loggers.CreateLogger(AuditCategory);

    public async Task InvokeAsync(HttpContext context)
    {
        if (IsExempt(context.Request.Path))
        {
            await next(context);
            return;
        }
        var required = context.GetEndpoint()?.Metadata.GetMetadata<RequiredScope>();
        var limitClass = required?.RateLimit ?? RateLimitClass.Default;
        string address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (await LimitAsync(context, $"address:{address}", limitClass, "address") is { } limited)
        {
            await limited.ExecuteAsync(context);
            return;
        }
        if (required is null)
        {
            await next(context);
            return;
        }

        var (caller, failure) = await AuthenticateAsync(context);
        if (caller is null)
        {
            Audit(context, "authentication-failed", failure!);
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await ProblemResults.Of(StatusCodes.Status401Unauthorized, "Not authenticated", failure!, "authorization").ExecuteAsync(context);
            return;
        }
        context.User = caller;
        if (!required.AnyOf.Any(scope => Scopes.Has(caller, scope)))
        {
            string held = string.Join(" ", caller.FindAll(Scopes.ClaimType).Select(c => c.Value));
            Audit(context, "scope-missing", $"{caller.Identity!.Name} lacks {string.Join(" or ", required.AnyOf)}");
            await ProblemResults.Of(StatusCodes.Status403Forbidden, "Missing scope",
                $"this endpoint needs the scope {string.Join(" or ", required.AnyOf)}; the caller holds {(held.Length == 0 ? "none" : held)}", "authorization").ExecuteAsync(context);
            return;
        }
        if (await LimitAsync(context, $"caller:{caller.Identity!.Name}", limitClass, "caller") is { } callerLimited)
        {
            await callerLimited.ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    private static bool IsExempt(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase);

    private async Task<(ClaimsPrincipal? Caller, string? Failure)> AuthenticateAsync(HttpContext context)
    {
        string? credential = null;
        if (context.Request.Headers.TryGetValue("X-API-Key", out var apiKey) && apiKey.Count == 1)
        {
            credential = apiKey[0];
        }
        else if (context.Request.Headers.Authorization is { Count: 1 } authorization
            && authorization[0] is { } value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            credential = value["Bearer ".Length..].Trim();
        }
        if (string.IsNullOrEmpty(credential))
        {
            return (null, "this endpoint needs an API key (X-API-Key: chk_…) or a bearer token (Authorization: Bearer …)");
        }
        if (JwtValidator.LooksLikeJwt(credential))
        {
            if (tokens.Validator is null)
            {
                return (null, "bearer token: this service does not accept tokens (JWT_ISSUER is not configured)");
            }
            var token = tokens.Validator.Validate(credential, out string? failure);
            return token is { } valid
                ? (Principal($"token:{valid.Subject}", valid.Scopes), null)
                : (null, $"bearer token: {failure}");
        }
        var key = await keys.FindLiveAsync(credential, context.RequestAborted);
        return key is null
            ? (null, "the API key is not valid (unknown, malformed or revoked)")
            : (Principal($"key:{key.Id:D}", key.Scopes), null);
    }

    private static ClaimsPrincipal Principal(string name, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity("CredentialHub", ClaimTypes.Name, Scopes.ClaimType);
        identity.AddClaim(new Claim(ClaimTypes.Name, name));
        foreach (string scope in scopes)
        {
            identity.AddClaim(new Claim(Scopes.ClaimType, scope));
        }
        return new ClaimsPrincipal(identity);
    }

    private async Task<IResult?> LimitAsync(HttpContext context, string partition, RateLimitClass limitClass, string kind)
    {
        int perMinute = limitClass == RateLimitClass.Prove ? options.Value.ProveRateLimitPerMinute : options.Value.RateLimitPerMinute;
        if (perMinute == 0)
        {
            return null;
        }
        string key = $"{(limitClass == RateLimitClass.Prove ? "prove" : "default")}:{partition}";
        var decision = await limits.TryAcquireAsync(key, perMinute + options.Value.RateLimitBurst, Window, context.RequestAborted);
        if (decision.Allowed)
        {
            return null;
        }
        int seconds = Math.Max(1, (int)Math.Ceiling(decision.RetryAfter.TotalSeconds));
        SecurityMetrics.RateLimitHits.Add(1, new("limit", limitClass == RateLimitClass.Prove ? "prove" : "default"), new("partition", kind));
        Audit(context, "rate-limited", $"{kind} over {perMinute}/min (+{options.Value.RateLimitBurst} burst)");
        return ProblemResults.Of(StatusCodes.Status429TooManyRequests, "Too many requests",
            $"the {(limitClass == RateLimitClass.Prove ? "proving" : "request")} limit of {perMinute} per minute (burst {options.Value.RateLimitBurst}) per {(kind == "address" ? "client address" : "caller")} is used up; retry in {seconds} s",
            "request", seconds);
    }

    private void Audit(HttpContext context, string securityEvent, string detail) =>
        _audit.LogWarning("security event {SecurityEvent}: {Detail} ({Method} {Path}, request {RequestId}, client {Client})",
            securityEvent, detail, context.Request.Method, context.Request.Path.Value, context.TraceIdentifier, context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
