using System.Text.Encodings.Web;
using CredentialHub.Security.Contracts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CredentialHub.Security.Authentication;

/// <summary>
/// The <see cref="SecuritySchemes.ApiKey"/> scheme: an API key in <c>X-API-Key</c> (or <c>Authorization: Bearer chk_…</c>)
/// looked up through <see cref="ApiKeys"/>; the caller is <c>key:&lt;id&gt;</c> with the key's scopes. No credential is no
/// result (the endpoint's policy then challenges); an unknown, malformed or revoked key fails. Its challenge and
/// forbidden answers are <see cref="AccessRefusals"/>' problem documents.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeys keys,
    AccessRefusals refusals)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string TokensNotAccepted = "bearer token: this service does not accept tokens (JWT_ISSUER is not configured)";

    public const string InvalidKey = "the API key is not valid (unknown, malformed or revoked)";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? credential = Credential(Request);
        if (string.IsNullOrEmpty(credential))
        {
            return AuthenticateResult.NoResult();
        }
        if (SchemeSelector.LooksLikeJwt(credential))
        {
            // Only when the service accepts no tokens: else the policy scheme sends a token to the bearer scheme.
            return AuthenticateResult.Fail(TokensNotAccepted);
        }
        var key = await keys.FindLiveAsync(credential, Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail(InvalidKey);
        }
        var principal = Callers.Principal(SecuritySchemes.ApiKey, $"key:{key.Id:D}", key.Scopes);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        await refusals.ChallengeAsync(Context, result.Failure?.Message ?? AccessRefusals.NoCredential);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => refusals.ForbidAsync(Context);

    /// <summary>The one X-API-Key value, else the token of a single <c>Authorization: Bearer</c> header, else null.</summary>
    public static string? Credential(HttpRequest request)
    {
        if (request.Headers.TryGetValue(SecuritySchemes.ApiKeyHeader, out var apiKey) && apiKey.Count == 1)
        {
            return apiKey[0];
        }
        return request.Headers.Authorization is { Count: 1 } authorization
            && authorization[0] is { } value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? value["Bearer ".Length..].Trim()
            : null;
    }
}
