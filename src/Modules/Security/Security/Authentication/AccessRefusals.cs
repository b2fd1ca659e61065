using CredentialHub.Security.Contracts;
using CredentialHub.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace CredentialHub.Security.Authentication;

/// <summary>
/// The answers of both authentication handlers when the authorization middleware challenges or forbids a request:
/// a 401 naming the check that failed (with <c>WWW-Authenticate: Bearer</c>) or a 403 naming the scopes the endpoint's
/// policy needs and those the caller holds, each a problem document whose <c>field</c> is <c>authorization</c>, and an
/// audit line. Neither repeats the credential.
/// </summary>
internal sealed class AccessRefusals(SecurityAudit audit, IAuthorizationPolicyProvider policies)
{
    public const string NoCredential = "this endpoint needs an API key (X-API-Key: chk_…) or a bearer token (Authorization: Bearer …)";

    public Task ChallengeAsync(HttpContext context, string failure)
    {
        audit.Write(context, "authentication-failed", failure);
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return ProblemResults.Of(StatusCodes.Status401Unauthorized, "Not authenticated", failure, "authorization").ExecuteAsync(context);
    }

    /// <summary>A 503: the credential could not be checked now (the identity provider's keys cannot be fetched).</summary>
    public Task UnavailableAsync(HttpContext context, string failure, int retryAfterSeconds)
    {
        audit.Write(context, "authentication-unavailable", failure);
        return ProblemResults.Of(StatusCodes.Status503ServiceUnavailable, "Authentication unavailable", failure, "authorization", retryAfterSeconds).ExecuteAsync(context);
    }

    public async Task ForbidAsync(HttpContext context)
    {
        var caller = context.User;
        string needed = await NeededAsync(context);
        string held = string.Join(" ", caller.FindAll(Scopes.ClaimType).Select(c => c.Value));
        audit.Write(context, "scope-missing", $"{caller.Identity?.Name ?? "(anonymous)"} lacks {needed}");
        await ProblemResults.Of(StatusCodes.Status403Forbidden, "Missing scope",
            $"this endpoint needs the scope {needed}; the caller holds {(held.Length == 0 ? "none" : held)}", "authorization").ExecuteAsync(context);
    }

    /// <summary>The scopes of the endpoint's authorization policy: "a or b" for one requirement, requirements joined by "and".</summary>
    private async Task<string> NeededAsync(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        var policy = metadata is null ? null
            : await AuthorizationPolicy.CombineAsync(policies, metadata.GetOrderedMetadata<IAuthorizeData>(), metadata.GetOrderedMetadata<AuthorizationPolicy>());
        var scopes = policy?.Requirements.OfType<ClaimsAuthorizationRequirement>()
            .Where(r => r.ClaimType == Scopes.ClaimType && r.AllowedValues is not null)
            .Select(r => string.Join(Scopes.AnyOfSeparator, r.AllowedValues!))
            .ToList();
        return scopes is { Count: > 0 } ? string.Join(" and ", scopes) : "(none declared)";
    }
}
