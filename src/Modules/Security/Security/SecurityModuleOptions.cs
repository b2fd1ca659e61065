namespace CredentialHub.Security;

/// <summary>The Security module's settings, filled by the host from its configuration.</summary>
public sealed class SecurityModuleOptions
{
    /// <summary>The default cap on a request body (MAX_REQUEST_BYTES, default 10 KB); endpoints may declare their own.</summary>
    public long MaxRequestBytes { get; init; } = 10 * 1024;

    /// <summary>PostgreSQL connection string for API keys; null keeps them in process.</summary>
    public string? DatabaseConnectionString { get; init; }

    /// <summary>Redis configuration for rate limits and nonces shared by every instance; null keeps them in process.</summary>
    public string? RedisConfiguration { get; init; }

    /// <summary>Requests per minute per client address and per caller (RATE_LIMIT_PER_MINUTE); 0 turns the limit off.</summary>
    public int RateLimitPerMinute { get; init; } = 60;

    /// <summary>Proving requests per minute per client address and per caller (PROVE_RATE_LIMIT_PER_MINUTE); 0 turns it off.</summary>
    public int ProveRateLimitPerMinute { get; init; } = 10;

    /// <summary>Requests allowed in a window beyond the per-minute limit (RATE_LIMIT_BURST).</summary>
    public int RateLimitBurst { get; init; } = 5;

    /// <summary>HS256 key for bearer tokens (SECRET_KEY), if any.</summary>
    public byte[]? TokenSecret { get; init; }

    /// <summary>PEM public key for RS256 / ES256 bearer tokens (JWT_PUBLIC_KEY_FILE's content), if any.</summary>
    public string? TokenPublicKeyPem { get; init; }

    /// <summary>The issuer bearer tokens must name (JWT_ISSUER); null: tokens are not accepted, unless <see cref="TokenAuthority"/> is set.</summary>
    public string? TokenIssuer { get; init; }

    /// <summary>
    /// An OpenID Connect identity provider (JWT_AUTHORITY): its discovery document (<c>/.well-known/openid-configuration</c>)
    /// names the issuer tokens must carry (unless <see cref="TokenIssuer"/> is set) and the JWKS whose keys sign them.
    /// https, or http on a loopback address.
    /// </summary>
    public Uri? TokenAuthority { get; init; }

    /// <summary>A JSON Web Key Set document whose keys sign bearer tokens (JWT_JWKS_URL; needs <see cref="TokenIssuer"/>). https, or http on a loopback address.</summary>
    public Uri? TokenJwksUrl { get; init; }

    /// <summary>
    /// The least time between two fetches of the identity provider's keys caused by tokens naming a key the service
    /// does not hold (a key rotation; the first such fetch is never held back). At least one second.
    /// </summary>
    public TimeSpan TokenKeysRefreshInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The audience bearer tokens must name (JWT_AUDIENCE).</summary>
    public string TokenAudience { get; init; } = "credentialhub";

    /// <summary>Create an admin key at start-up and print it once (the embedded default mode, where keys live in process).</summary>
    public bool CreateAdminKey { get; init; }

    /// <summary>Where the admin key is printed (standard output by default).</summary>
    public TextWriter? AdminKeyOutput { get; init; }
}
