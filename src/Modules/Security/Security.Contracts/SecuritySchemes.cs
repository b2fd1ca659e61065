namespace CredentialHub.Security.Contracts;

/// <summary>
/// The authentication schemes the Security module registers: an API key (<see cref="ApiKeyHeader"/>, or
/// <c>Authorization: Bearer chk_…</c>) and a bearer JWT (when the service accepts tokens), and the policy scheme that
/// picks between them for each request. Every scope policy (<see cref="Scopes"/>) authenticates with
/// <see cref="ApiKeyOrBearer"/>.
/// </summary>
public static class SecuritySchemes
{
    public const string ApiKey = "ApiKey";

    public const string Bearer = "Bearer";

    public const string ApiKeyOrBearer = "ApiKeyOrBearer";

    /// <summary>The request header an API key travels in.</summary>
    public const string ApiKeyHeader = "X-API-Key";
}
