using System.Globalization;
using CredentialHub.Security.Contracts;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CredentialHub.Security.Authentication;

/// <summary>
/// The <see cref="SecuritySchemes.Bearer"/> scheme's events. Before validation: the token is taken from the request as
/// the API-key scheme would (<c>Authorization: Bearer</c> or <c>X-API-Key</c>), its header must parse and name an
/// accepted algorithm (never <c>none</c>). After validation: the caller is <c>token:&lt;issuer&gt;/&lt;subject&gt;</c> with the
/// scopes of <c>scope</c> (space-separated) and <c>scp</c> (a string or an array). A challenge answers a 401 naming the
/// check that failed (signature, expiry, issuer, audience, algorithm, form), or a 503 while the identity provider's
/// keys cannot be fetched; a forbidden answer names the missing scope (<see cref="AccessRefusals"/>).
/// </summary>
internal sealed class BearerTokenEvents(BearerTokens tokens, AccessRefusals refusals) : JwtBearerEvents
{
    /// <summary>The Retry-After of a 503 while the keys cannot be fetched.</summary>
    public const int UnavailableRetrySeconds = 10;

    public override Task MessageReceived(MessageReceivedContext context)
    {
        string? token = ApiKeyAuthenticationHandler.Credential(context.Request);
        if (string.IsNullOrEmpty(token))
        {
            context.NoResult();
            return Task.CompletedTask;
        }
        string? algorithm;
        try
        {
            algorithm = new JsonWebToken(token).Alg;
        }
        catch (ArgumentException)
        {
            context.Fail(new TokenRefusedException(Malformed));
            return Task.CompletedTask;
        }
        if (algorithm is null || !tokens.Algorithms.Contains(algorithm, StringComparer.Ordinal))
        {
            string named = algorithm is null ? "(none)" : algorithm.Length <= 16 ? algorithm : algorithm[..16] + "…";
            context.Fail(new TokenRefusedException($"algorithm '{named}' is not accepted (accepted: {string.Join(", ", tokens.Algorithms)})"));
            return Task.CompletedTask;
        }
        context.Token = token;
        return Task.CompletedTask;
    }

    public override Task TokenValidated(TokenValidatedContext context)
    {
        var token = (JsonWebToken)context.SecurityToken;
        string subject = string.IsNullOrEmpty(token.Subject) ? "(no subject)" : token.Subject;
        var scopes = context.Principal!.Claims
            .Where(c => c.Type is "scope" or "scp")
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        context.Principal = Callers.Principal(SecuritySchemes.Bearer, $"token:{token.Issuer}/{subject}", scopes);
        return Task.CompletedTask;
    }

    public override Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var failure = context.AuthenticateFailure is AggregateException { InnerExceptions: [var first, ..] } ? first : context.AuthenticateFailure;
        // Without the provider's keys (or, with JWT_AUTHORITY alone, its issuer) the token cannot be checked: not its fault.
        if (failure is SecurityTokenInvalidSignatureException or SecurityTokenInvalidIssuerException && tokens.KeySource?.Failure is { } unavailable)
        {
            return refusals.UnavailableAsync(context.HttpContext,
                $"bearer token: the signing keys of {tokens.KeySource.Setting} cannot be fetched now ({unavailable}); retry later", UnavailableRetrySeconds);
        }
        return refusals.ChallengeAsync(context.HttpContext, failure is null ? AccessRefusals.NoCredential : $"bearer token: {Describe(failure)}");
    }

    public override Task Forbidden(ForbiddenContext context) => refusals.ForbidAsync(context.HttpContext);

    private const string Malformed = "malformed (not three base64url parts of JSON: header.payload.signature)";

    /// <summary>The check a validation failure stands for, in the words of the refusal.</summary>
    private string Describe(Exception failure) => failure switch
    {
        TokenRefusedException refused => refused.Message,
        SecurityTokenNoExpirationException => "no expiry (exp claim)",
        SecurityTokenExpiredException expired => $"expired at {expired.Expires.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}",
        SecurityTokenNotYetValidException => "not valid yet (nbf claim)",
        SecurityTokenInvalidLifetimeException => "not valid at any time (nbf after exp)",
        SecurityTokenInvalidIssuerException => $"wrong issuer (expected {tokens.ExpectedIssuer})",
        SecurityTokenInvalidAudienceException => $"wrong audience (expected {tokens.Audience})",
        SecurityTokenSignatureKeyNotFoundException => "bad signature (no key of this service verifies it)",
        SecurityTokenInvalidSignatureException => "bad signature",
        SecurityTokenInvalidAlgorithmException => $"algorithm not accepted (accepted: {string.Join(", ", tokens.Algorithms)})",
        SecurityTokenMalformedException or ArgumentException => Malformed,
        _ => "not valid",
    };
}
