using System.Security.Cryptography;
using CredentialHub.Security.Contracts;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace CredentialHub.Security.Authentication;

/// <summary>
/// What the <see cref="SecuritySchemes.Bearer"/> scheme (JwtBearer) accepts, from the module's options: the issuer
/// (JWT_ISSUER) and audience (JWT_AUDIENCE), the keys and their algorithms (HS256 with SECRET_KEY; RS256 / ES256 with
/// the PEM public key of JWT_PUBLIC_KEY_FILE; the RSA and EC algorithms with the keys an identity provider publishes at
/// JWT_AUTHORITY or JWT_JWKS_URL), <c>exp</c> required and 30 s of clock leeway. Built when the module is registered,
/// so that an unusable key stops the start-up.
/// </summary>
internal sealed class BearerTokens : IDisposable
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>How long an identity provider's keys are used before they are fetched again.</summary>
    public static readonly TimeSpan KeysLifetime = TimeSpan.FromHours(1);

    private static readonly string[] PublishedKeyAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    private readonly List<SecurityKey> _keys = [];
    private readonly HttpClient? _http;

    /// <exception cref="ArgumentException">A key or address is unusable; the message starts with the setting's name.</exception>
    public BearerTokens(SecurityModuleOptions options)
    {
        Issuer = options.TokenIssuer;
        Audience = options.TokenAudience;
        var algorithms = new List<string>();
        if (options.TokenSecret is { } secret)
        {
            _keys.Add(new SymmetricSecurityKey(secret));
            algorithms.Add(SecurityAlgorithms.HmacSha256);
        }
        if (options.TokenPublicKeyPem is { } pem)
        {
            var (key, algorithm) = PublicKey(pem);
            _keys.Add(key);
            algorithms.Add(algorithm);
        }
        Uri? authority = options.TokenAuthority, jwks = options.TokenJwksUrl;
        if (authority is not null && jwks is not null)
        {
            throw new ArgumentException("JWT_JWKS_URL and JWT_AUTHORITY are both set: give one");
        }
        if ((authority ?? jwks) is { } address)
        {
            string setting = authority is not null ? "JWT_AUTHORITY" : "JWT_JWKS_URL";
            if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttps && !(address.Scheme == Uri.UriSchemeHttp && address.IsLoopback)))
            {
                throw new ArgumentException($"{setting} must be an https URL (http only on a loopback address)");
            }
            if (jwks is not null && Issuer is null)
            {
                throw new ArgumentException("JWT_JWKS_URL needs JWT_ISSUER: the issuer (iss) that tokens signed with its keys must name");
            }
            string metadata = authority is null ? address.AbsoluteUri
                : authority.AbsolutePath.EndsWith("/.well-known/openid-configuration", StringComparison.Ordinal) ? authority.AbsoluteUri
                : authority.AbsoluteUri.TrimEnd('/') + "/.well-known/openid-configuration";
            KeySource = new SigningKeyRetriever(setting, authority is not null, Issuer);
            _http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            _http.DefaultRequestHeaders.UserAgent.ParseAdd("CredentialHub");
            KeyManager = new ConfigurationManager<OpenIdConnectConfiguration>(metadata, KeySource, new HttpDocumentRetriever(_http) { RequireHttps = !address.IsLoopback })
            {
                AutomaticRefreshInterval = KeysLifetime,
                RefreshInterval = options.TokenKeysRefreshInterval,
                // A key the identity provider no longer publishes is no longer trusted once the keys are fetched again.
                UseLastKnownGoodConfiguration = false,
            };
            algorithms.AddRange(PublishedKeyAlgorithms.Except(algorithms));
        }
        Algorithms = algorithms;
    }

    /// <summary>Whether the service accepts bearer tokens at all (JWT_ISSUER or JWT_AUTHORITY is set; JWT_JWKS_URL needs JWT_ISSUER).</summary>
    public static bool Accepted(SecurityModuleOptions options) => options.TokenIssuer is not null || options.TokenAuthority is not null || options.TokenJwksUrl is not null;

    /// <summary>JWT_ISSUER; null with JWT_AUTHORITY alone (the discovery document's issuer is expected).</summary>
    public string? Issuer { get; }

    public string Audience { get; }

    /// <summary>The algorithms a token's header may name, in the order of the keys.</summary>
    public IReadOnlyList<string> Algorithms { get; }

    /// <summary>What fetches the identity provider's keys (JWT_AUTHORITY or JWT_JWKS_URL), if any.</summary>
    public SigningKeyRetriever? KeySource { get; }

    /// <summary>The cache of the identity provider's keys: fetched on the first token, again after <see cref="KeysLifetime"/>, and when a token names a key it does not hold.</summary>
    public ConfigurationManager<OpenIdConnectConfiguration>? KeyManager { get; }

    /// <summary>The issuer the refusal of a token names as expected.</summary>
    public string ExpectedIssuer => Issuer ?? KeySource?.Issuer ?? "(the issuer of JWT_AUTHORITY's discovery document)";

    /// <summary>The bearer scheme's options (JwtBearer's own key cache, refresh and events included).</summary>
    public void Configure(JwtBearerOptions jwt, ILoggerFactory loggers)
    {
        KeySource?.Logger = loggers.CreateLogger("CredentialHub.Security.BearerTokens");
        jwt.MapInboundClaims = false;
        jwt.RefreshOnIssuerKeyNotFound = true;
        jwt.ConfigurationManager = KeyManager;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = Issuer,
            ValidateAudience = true,
            ValidAudience = Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = ClockSkew,
            ValidAlgorithms = Algorithms,
            IssuerSigningKeys = _keys,
            TryAllIssuerSigningKeys = true,
        };
        jwt.EventsType = typeof(BearerTokenEvents);
    }

    public void Dispose() => _http?.Dispose();

    /// <summary>A PEM RSA (at least 2048 bits, RS256) or P-256 (ES256) public key.</summary>
    private static (SecurityKey Key, string Algorithm) PublicKey(string pem)
    {
        if (TryImport(ECDsa.Create(), pem) is { } ec)
        {
            return ec.KeySize == 256
                ? (new ECDsaSecurityKey(ec), SecurityAlgorithms.EcdsaSha256)
                : throw new ArgumentException("JWT_PUBLIC_KEY_FILE an EC key must be on P-256 (ES256)");
        }
        if (TryImport(RSA.Create(), pem) is not { } rsa)
        {
            throw new ArgumentException("JWT_PUBLIC_KEY_FILE not a PEM RSA or EC public key");
        }
        return rsa.KeySize >= 2048
            ? (new RsaSecurityKey(rsa), SecurityAlgorithms.RsaSha256)
            : throw new ArgumentException("JWT_PUBLIC_KEY_FILE an RSA key must have at least 2048 bits");
    }

    private static T? TryImport<T>(T key, string pem) where T : AsymmetricAlgorithm
    {
        try
        {
            key.ImportFromPem(pem);
            return key;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            key.Dispose();
            return null;
        }
    }
}
