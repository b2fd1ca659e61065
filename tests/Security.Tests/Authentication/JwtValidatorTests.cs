using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CredentialHub.Security.Authentication;

namespace CredentialHub.Security.Tests.Authentication;

/// <summary>The bearer-token checks in process, RS256 among them (the HTTP suite covers HS256 and ES256).</summary>
public sealed class JwtValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private static JsonObject Claims(long expOffset = 300, long? nbfOffset = null)
    {
        var claims = new JsonObject { ["iss"] = "iss", ["aud"] = "credentialhub", ["sub"] = "s", ["exp"] = Now.ToUnixTimeSeconds() + expOffset, ["scp"] = new JsonArray("prove", "verify") };
        if (nbfOffset is { } nbf)
        {
            claims["nbf"] = Now.ToUnixTimeSeconds() + nbf;
        }
        return claims;
    }

    [Fact]
    public void RS256_tokens_verify_with_the_configured_public_key_and_carry_their_scopes()
    {
        using var rsa = RSA.Create(2048);
        var validator = new JwtValidator(null, rsa.ExportSubjectPublicKeyInfoPem(), "iss", "credentialhub", new ManualTimeProvider(Now));
        string token = TestTokens.Token("RS256", Claims(), data => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        var result = validator.Validate(token, out string? failure);
        Assert.True(result is not null, failure);
        Assert.Equal(["prove", "verify"], result.Value.Scopes);
        Assert.Equal("iss/s", result.Value.Subject);

        using var other = RSA.Create(2048);
        Assert.Null(validator.Validate(TestTokens.Token("RS256", Claims(), data => other.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)), out failure));
        Assert.Equal("bad signature", failure);
        // With only a public key configured, HS256 is not accepted (no secret to check it with).
        Assert.Null(validator.Validate(TestTokens.Token("HS256", Claims(), data => HMACSHA256.HashData(new byte[32], data)), out failure));
        Assert.Contains("not accepted", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Expiry_and_not_before_allow_30_seconds_of_clock_skew()
    {
        byte[] key = RandomNumberGenerator.GetBytes(32);
        var validator = new JwtValidator(key, null, "iss", "credentialhub", new ManualTimeProvider(Now));
        string Hs(JsonObject claims) => TestTokens.Token("HS256", claims, data => HMACSHA256.HashData(key, data));
        Assert.NotNull(validator.Validate(Hs(Claims(expOffset: -20)), out _));
        Assert.Null(validator.Validate(Hs(Claims(expOffset: -40)), out string? expired));
        Assert.StartsWith("expired at", expired, StringComparison.Ordinal);
        Assert.NotNull(validator.Validate(Hs(Claims(nbfOffset: 20)), out _));
        Assert.Null(validator.Validate(Hs(Claims(nbfOffset: 40)), out string? early));
        Assert.Contains("not valid yet", early, StringComparison.Ordinal);
    }

    [Fact]
    public void Weak_or_unusable_public_keys_are_refused_at_start_up()
    {
        using var small = RSA.Create(1024);
        Assert.Throws<ArgumentException>(() => new JwtValidator(null, small.ExportSubjectPublicKeyInfoPem(), "iss", "aud", TimeProvider.System));
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.Throws<ArgumentException>(() => new JwtValidator(null, p384.ExportSubjectPublicKeyInfoPem(), "iss", "aud", TimeProvider.System));
        Assert.Throws<ArgumentException>(() => new JwtValidator(null, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", "iss", "aud", TimeProvider.System));
    }
}
