using System.ComponentModel.DataAnnotations;
using CredentialHub.Security.Authentication;
using Microsoft.Extensions.Configuration;

namespace CredentialHub.Security;

/// <summary>
/// The Security module's settings, bound from the configuration under their names (appsettings.json, then
/// environment variables) and validated at start.
/// </summary>
public sealed class SecurityModuleOptions : IValidatableObject
{
    private string? _publicKeyProblem;

    /// <summary>The default cap on a request body (MAX_REQUEST_BYTES, default 10 KB); endpoints may declare their own.</summary>
    [ConfigurationKeyName("MAX_REQUEST_BYTES")]
    [Range(typeof(long), "256", "16777216", ErrorMessage = "MAX_REQUEST_BYTES must be a whole number from 256 to 16777216")]
    public long MaxRequestBytes { get; set; } = 10 * 1024;

    /// <summary>PostgreSQL connection string for API keys (from DATABASE_URL and DB_POOL_SIZE); null keeps them in process.</summary>
    public string? DatabaseConnectionString { get; set; }

    /// <summary>Redis configuration for rate limits and nonces shared by every instance (from REDIS_URL); null keeps them in process.</summary>
    public string? RedisConfiguration { get; set; }

    /// <summary>Requests per minute per client address and per caller (RATE_LIMIT_PER_MINUTE, default 60); 0 turns the limit off.</summary>
    [ConfigurationKeyName("RATE_LIMIT_PER_MINUTE")]
    [Range(0, 1_000_000, ErrorMessage = "RATE_LIMIT_PER_MINUTE must be a whole number from 0 to 1000000")]
    public int RateLimitPerMinute { get; set; } = 60;

    /// <summary>Proving requests per minute per client address and per caller (PROVE_RATE_LIMIT_PER_MINUTE, default 10); 0 turns it off.</summary>
    [ConfigurationKeyName("PROVE_RATE_LIMIT_PER_MINUTE")]
    [Range(0, 1_000_000, ErrorMessage = "PROVE_RATE_LIMIT_PER_MINUTE must be a whole number from 0 to 1000000")]
    public int ProveRateLimitPerMinute { get; set; } = 10;

    /// <summary>Requests allowed in a window beyond the per-minute limit (RATE_LIMIT_BURST, default 5).</summary>
    [ConfigurationKeyName("RATE_LIMIT_BURST")]
    [Range(0, 1_000_000, ErrorMessage = "RATE_LIMIT_BURST must be a whole number from 0 to 1000000")]
    public int RateLimitBurst { get; set; } = 5;

    /// <summary>HS256 key for bearer tokens (the secret of SECRET_KEY or SECRET_KEY_FILE), if any.</summary>
    public byte[]? TokenSecret { get; set; }

    /// <summary>JWT_PUBLIC_KEY_FILE: a PEM RSA (2048 bits or more) or P-256 public key for RS256 / ES256 bearer tokens.</summary>
    [ConfigurationKeyName("JWT_PUBLIC_KEY_FILE")]
    public string? TokenPublicKeyFile { get; set; }

    /// <summary>PEM public key for RS256 / ES256 bearer tokens (read from <see cref="TokenPublicKeyFile"/>), if any.</summary>
    public string? TokenPublicKeyPem { get; set; }

    /// <summary>The issuer bearer tokens must name (JWT_ISSUER); null: tokens are not accepted, unless <see cref="TokenAuthority"/> is set.</summary>
    [ConfigurationKeyName("JWT_ISSUER")]
    public string? TokenIssuer { get; set; }

    /// <summary>
    /// An OpenID Connect identity provider (JWT_AUTHORITY): its discovery document (<c>/.well-known/openid-configuration</c>)
    /// names the issuer tokens must carry (unless <see cref="TokenIssuer"/> is set) and the JWKS whose keys sign them.
    /// https, or http on a loopback address.
    /// </summary>
    [ConfigurationKeyName("JWT_AUTHORITY")]
    [KeysAddress(ErrorMessage = "JWT_AUTHORITY " + KeysAddressAttribute.Requirement)]
    public Uri? TokenAuthority { get; set; }

    /// <summary>A JSON Web Key Set document whose keys sign bearer tokens (JWT_JWKS_URL; needs <see cref="TokenIssuer"/>). https, or http on a loopback address.</summary>
    [ConfigurationKeyName("JWT_JWKS_URL")]
    [KeysAddress(ErrorMessage = "JWT_JWKS_URL " + KeysAddressAttribute.Requirement)]
    public Uri? TokenJwksUrl { get; set; }

    /// <summary>
    /// The least time between two fetches of the identity provider's keys caused by tokens naming a key the service
    /// does not hold (a key rotation; the first such fetch is never held back). At least one second.
    /// </summary>
    public TimeSpan TokenKeysRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The audience bearer tokens must name (JWT_AUDIENCE, default credentialhub).</summary>
    [ConfigurationKeyName("JWT_AUDIENCE")]
    public string TokenAudience { get; set; } = "credentialhub";

    /// <summary>Create an admin key at start-up and print it once (the embedded default mode, where keys live in process: no DATABASE_URL).</summary>
    public bool CreateAdminKey { get; set; }

    /// <summary>Where the admin key is printed (standard output by default).</summary>
    public TextWriter? AdminKeyOutput { get; set; }

    /// <summary>Reads <see cref="TokenPublicKeyFile"/> into <see cref="TokenPublicKeyPem"/> (a problem with it is told by validation).</summary>
    internal void LoadPublicKey()
    {
        if (TokenPublicKeyFile is not { } file)
        {
            return;
        }
        string pem;
        try
        {
            pem = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            _publicKeyProblem = $"JWT_PUBLIC_KEY_FILE cannot be read ({e.GetType().Name})";
            return;
        }
        if (!pem.Contains("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal) && !pem.Contains("-----BEGIN RSA PUBLIC KEY-----", StringComparison.Ordinal))
        {
            _publicKeyProblem = "JWT_PUBLIC_KEY_FILE must hold a PEM public key (-----BEGIN PUBLIC KEY-----)";
            return;
        }
        TokenPublicKeyPem = pem;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (_publicKeyProblem is not null)
        {
            yield return new ValidationResult(_publicKeyProblem, [nameof(TokenPublicKeyFile)]);
            yield break;
        }
        // The bearer scheme's keys are built the way the service builds them, so that an unusable key or address stops
        // the start-up instead of failing requests.
        if (BearerTokens.Accepted(this) && Problem(() => new BearerTokens(this).Dispose()) is { } problem)
        {
            yield return new ValidationResult(problem, [nameof(TokenPublicKeyPem)]);
        }
    }

    private static string? Problem(Action build)
    {
        try
        {
            build();
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }
}
