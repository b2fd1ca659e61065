using Microsoft.AspNetCore.Http;

namespace CredentialHub.Security.RateLimiting;

/// <summary>
/// The client address's limit, for every request but health, metrics and the API documentation, before anything else
/// is looked at (a client over its limit is refused before its credential is checked).
/// </summary>
internal sealed class AddressRateLimitMiddleware(RequestDelegate next, RequestRateLimits limits)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsExempt(context.Request.Path)
            && await limits.CheckAsync(context, "address", context.Connection.RemoteIpAddress?.ToString() ?? "unknown") is { } refused)
        {
            await refused.ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    private static bool IsExempt(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase);
}
