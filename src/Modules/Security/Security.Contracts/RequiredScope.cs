namespace CredentialHub.Security.Contracts;

/// <summary>
/// Endpoint metadata: the caller must be authenticated (API key or bearer token) and hold one of
/// <see cref="AnyOf"/>. Attach with <c>.WithMetadata(new RequiredScope(Scopes.Prove))</c>. Missing or invalid
/// credentials are a 401, a missing scope a 403, both before the endpoint runs; an endpoint without it is public.
/// Its <see cref="RateLimit"/> picks the rate limit that applies (the stricter proving limit, or the default).
/// </summary>
public sealed record RequiredScope(params string[] AnyOf)
{
    public RateLimitClass RateLimit { get; init; } = RateLimitClass.Default;
}
