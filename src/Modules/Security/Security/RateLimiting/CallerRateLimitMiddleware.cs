using Microsoft.AspNetCore.Http;

namespace CredentialHub.Security.RateLimiting;

/// <summary>
/// The caller's own limit, after authorization: for a request the authorization middleware let through as an
/// authenticated caller (an endpoint with a scope policy), keyed by the caller's name (<c>key:&lt;id&gt;</c> or
/// <c>token:&lt;issuer&gt;/&lt;subject&gt;</c>), so that it holds across client addresses. Public endpoints have none.
/// </summary>
internal sealed class CallerRateLimitMiddleware(RequestDelegate next, RequestRateLimits limits)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.User.Identity is { IsAuthenticated: true, Name: { } caller }
            && await limits.CheckAsync(context, "caller", caller) is { } refused)
        {
            await refused.ExecuteAsync(context);
            return;
        }
        await next(context);
    }
}
