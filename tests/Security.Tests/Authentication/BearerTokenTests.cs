using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CredentialHub.Security.Contracts;
using CredentialHub.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CredentialHub.Security.Tests.Authentication;

/// <summary>
/// The bearer scheme (JwtBearer) in front of a scoped endpoint: HS256 with SECRET_KEY, RS256 / ES256 with a PEM public
/// key, and keys an identity provider publishes (a JWKS document at JWT_JWKS_URL, or OpenID Connect discovery at
/// JWT_AUTHORITY) served by a loopback <see cref="JwksServer"/>, rotation included; each refusal names its check.
/// </summary>
public sealed class BearerTokenTests
{
    private const string Issuer = "https://auth.test";

    private static JsonObject Claims(long expOffset = 300, long? nbfOffset = null, string iss = Issuer, JsonNode? aud = null)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new JsonObject { ["iss"] = iss, ["aud"] = aud ?? "credentialhub", ["sub"] = "s", ["exp"] = now + expOffset, ["scope"] = "prove verify" };
        if (nbfOffset is { } nbf)
        {
            claims["nbf"] = now + nbf;
        }
        return claims;
    }

    private static void AssertRefused(HostResponse response, string check)
    {
        Assert.False(response.Reached, "the endpoint was reached");
        Assert.Equal(401, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal("Bearer", response.Headers.WWWAuthenticate.ToString());
        Assert.Equal("authorization", response.Problem!["field"]!.GetValue<string>());
        Assert.StartsWith("bearer token: ", response.Detail, StringComparison.Ordinal);
        Assert.Contains(check, response.Detail, StringComparison.Ordinal);
    }

    private static void AssertNeverLogged(SecurityHost host, IEnumerable<string> tokens)
    {
        foreach (string token in tokens)
        {
            Assert.DoesNotContain(host.Loggers.Entries, e => e.Message.Contains(token, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task RS256_tokens_verify_with_the_configured_public_key_and_carry_their_scopes()
    {
        using var rsa = RSA.Create(2048);
        await using var host = await SecurityHost.StartAsync(options => (options.TokenIssuer, options.TokenPublicKeyPem, options.RateLimitPerMinute, options.ProveRateLimitPerMinute) = (Issuer, rsa.ExportSubjectPublicKeyInfoPem(), 0, 0));
        string token = TestTokens.Token("RS256", Claims(), data => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        var result = await host.SendAsync("/proofs/generate", authorization: $"Bearer {token}");
        Assert.True(result.Reached, result.Detail);
        Assert.Equal(["prove", "verify"], result.Caller!.FindAll(Scopes.ClaimType).Select(c => c.Value));
        Assert.Equal($"token:{Issuer}/s", result.Caller.Identity!.Name);

        using var other = RSA.Create(2048);
        AssertRefused(await host.SendAsync("/proofs/generate", authorization: $"Bearer {TestTokens.Token("RS256", Claims(), data => other.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))}"), "bad signature");
        // With only a public key configured, HS256 is not accepted (no secret to check it with).
        AssertRefused(await host.SendAsync("/proofs/generate", authorization: $"Bearer {TestTokens.Token("HS256", Claims(), data => HMACSHA256.HashData(new byte[32], data))}"), "'HS256' is not accepted (accepted: RS256)");
    }

    [Fact]
    public async Task Expiry_and_not_before_allow_30_seconds_of_clock_skew()
    {
        byte[] key = RandomNumberGenerator.GetBytes(32);
        await using var host = await SecurityHost.StartAsync(options => (options.TokenIssuer, options.TokenSecret, options.RateLimitPerMinute, options.ProveRateLimitPerMinute) = (Issuer, key, 0, 0));
        async Task<HostResponse> Send(JsonObject claims) =>
            await host.SendAsync("/proofs/generate", authorization: $"Bearer {TestTokens.Token("HS256", claims, data => HMACSHA256.HashData(key, data))}");
        Assert.True((await Send(Claims(expOffset: -20))).Reached);
        AssertRefused(await Send(Claims(expOffset: -40)), "bearer token: expired at");
        Assert.True((await Send(Claims(nbfOffset: 20))).Reached);
        AssertRefused(await Send(Claims(nbfOffset: 40)), "not valid yet");
    }

    [Fact]
    public async Task Every_check_a_token_fails_is_named_and_the_token_never_repeated()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var otherEc = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] secret = RandomNumberGenerator.GetBytes(32);
        await using var host = await SecurityHost.StartAsync(options =>
            (options.TokenIssuer, options.TokenSecret, options.TokenPublicKeyPem, options.RateLimitPerMinute, options.ProveRateLimitPerMinute) = (Issuer, secret, ec.ExportSubjectPublicKeyInfoPem(), 0, 0));
        string Hs(JsonObject claims, byte[]? key = null) => TestTokens.Token("HS256", claims, data => HMACSHA256.HashData(key ?? secret, data));
        string Es(JsonObject claims, ECDsa key) => TestTokens.Token("ES256", claims, data => key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        var noExpiry = Claims();
        noExpiry.Remove("exp");
        var tokens = new List<string> { Hs(Claims()), Es(Claims(aud: new JsonArray("other", "credentialhub")), ec) };
        foreach (string valid in tokens)
        {
            Assert.True((await host.SendAsync("/proofs/generate", authorization: $"Bearer {valid}")).Reached);
        }
        var cases = new (string Token, string Check)[]
        {
            (Hs(Claims(), RandomNumberGenerator.GetBytes(32)), "bad signature"),
            (Es(Claims(), otherEc), "bad signature"),
            (Hs(Claims(expOffset: -3600)), "expired at"),
            (Hs(Claims(aud: "someone-else")), "wrong audience (expected credentialhub)"),
            (Hs(Claims(iss: "https://evil.test")), $"wrong issuer (expected {Issuer})"),
            (TestTokens.Unsigned(Claims()), "algorithm 'none' is not accepted (accepted: HS256, ES256)"),
            (TestTokens.Token("HS512", Claims(), data => HMACSHA512.HashData(secret, data)), "algorithm 'HS512' is not accepted"),
            (Hs(noExpiry), "no expiry (exp claim)"),
            ("aaa.bbb.ccc", "malformed"),
        };
        foreach (var (token, check) in cases)
        {
            tokens.Add(token);
            AssertRefused(await host.SendAsync("/proofs/generate", authorization: $"Bearer {token}"), check);
        }
        Assert.Equal(cases.Length, host.Audit.Count(line => line.StartsWith("security event authentication-failed: bearer token: ", StringComparison.Ordinal)));
        AssertNeverLogged(host, tokens);
    }

    [Fact]
    public void Weak_or_unusable_keys_and_addresses_are_refused_at_start_up()
    {
        // Validated when the options are first built, as the host does at start-up: one failure, naming the setting.
        static string Refused(Action<SecurityModuleOptions> configure)
        {
            using var provider = new ServiceCollection().AddLogging().AddSecurityModule(configure).BuildServiceProvider();
            return Assert.Single(SettingsFailures.Of(Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SecurityModuleOptions>>().Value)));
        }
        using var small = RSA.Create(1024);
        Assert.StartsWith("JWT_PUBLIC_KEY_FILE an RSA key must have at least 2048 bits", Refused(o => (o.TokenIssuer, o.TokenPublicKeyPem) = ("iss", small.ExportSubjectPublicKeyInfoPem())), StringComparison.Ordinal);
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.StartsWith("JWT_PUBLIC_KEY_FILE an EC key must be on P-256", Refused(o => (o.TokenIssuer, o.TokenPublicKeyPem) = ("iss", p384.ExportSubjectPublicKeyInfoPem())), StringComparison.Ordinal);
        Assert.StartsWith("JWT_PUBLIC_KEY_FILE not a PEM RSA or EC public key", Refused(o => (o.TokenIssuer, o.TokenPublicKeyPem) = ("iss", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")), StringComparison.Ordinal);
        Assert.StartsWith("JWT_JWKS_URL needs JWT_ISSUER", Refused(o => o.TokenJwksUrl = new Uri("https://login.example/jwks")), StringComparison.Ordinal);
        Assert.StartsWith("JWT_JWKS_URL and JWT_AUTHORITY are both set", Refused(o => (o.TokenIssuer, o.TokenJwksUrl, o.TokenAuthority) = ("iss", new Uri("https://login.example/jwks"), new Uri("https://login.example/"))), StringComparison.Ordinal);
        Assert.StartsWith("JWT_AUTHORITY must be an https URL", Refused(o => o.TokenAuthority = new Uri("http://login.example/")), StringComparison.Ordinal);
    }
}
