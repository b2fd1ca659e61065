using System.Diagnostics;
using System.Text.Json.Nodes;

namespace CredentialHub.Security.Tests.Authentication;

/// <summary>
/// Bearer tokens signed with the keys an identity provider publishes, served by a loopback <see cref="JwksServer"/>:
/// a JWKS document (JWT_JWKS_URL) or OpenID Connect discovery (JWT_AUTHORITY). Keys are fetched on the first token,
/// again when a token names a key id the service does not hold (a rotation), at most once per refresh interval for
/// such tokens; a key the provider stops publishing stops being trusted; a provider that cannot be reached is a 503.
/// </summary>
public sealed class PublishedKeyTests
{
    private const string Issuer = "https://idp.test";

    private static JsonObject Claims(string iss = Issuer, string scope = "prove") => new()
    {
        ["iss"] = iss, ["aud"] = "credentialhub", ["sub"] = "client-9", ["exp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 300, ["scope"] = scope,
    };

    private static Task<SecurityHost> StartAsync(JwksServer idp, bool discovery) => SecurityHost.StartAsync(options =>
    {
        options.RateLimitPerMinute = 0;
        options.ProveRateLimitPerMinute = 0;
        options.TokenIssuer = discovery ? null : Issuer;
        options.TokenAuthority = discovery ? idp.Authority : null;
        options.TokenJwksUrl = discovery ? null : idp.JwksUrl;
        options.TokenKeysRefreshInterval = TimeSpan.FromSeconds(1);
    });

    private static Task<HostResponse> Prove(SecurityHost host, string token) => host.SendAsync("/proofs/generate", authorization: $"Bearer {token}");

    private static void AssertRefused(HostResponse response, string check)
    {
        Assert.False(response.Reached, "the endpoint was reached");
        Assert.Equal(401, response.Status);
        Assert.Equal("Bearer", response.Headers.WWWAuthenticate.ToString());
        Assert.Equal("authorization", response.Problem!["field"]!.GetValue<string>());
        Assert.Contains(check, response.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_published_at_JWT_JWKS_URL_sign_tokens_and_a_rotated_key_is_fetched_when_a_token_names_it()
    {
        await using var idp = await JwksServer.StartAsync(Issuer);
        using var first = TestSigningKey.Rsa("2026-11");
        using var second = TestSigningKey.Ec("2026-12");
        using var third = TestSigningKey.Rsa("2027-01");
        using var stranger = TestSigningKey.Rsa("2026-11");
        idp.Publish(first);
        await using var host = await StartAsync(idp, discovery: false);

        var accepted = await Prove(host, first.Token(Claims()));
        Assert.True(accepted.Reached, accepted.Detail);
        Assert.Equal($"token:{Issuer}/client-9", accepted.Caller!.Identity!.Name);
        Assert.True((await Prove(host, first.Token(Claims()))).Reached);
        Assert.Equal(1, idp.KeyFetches);
        AssertRefused(await Prove(host, stranger.Token(Claims())), "bad signature");
        AssertRefused(await Prove(host, first.Token(Claims(iss: "https://evil.test"))), $"wrong issuer (expected {Issuer})");
        var unscoped = await Prove(host, first.Token(Claims(scope: "verify")));
        Assert.Equal(403, unscoped.Status);

        // The provider rotates: the second key replaces the first. The first token naming it is accepted at once.
        idp.Publish(second);
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        int before = idp.KeyFetches;
        var rotated = await Prove(host, second.Token(Claims()));
        Assert.True(rotated.Reached, rotated.Detail);
        Assert.Equal(before + 1, idp.KeyFetches);
        // The first key is no longer published, so no longer trusted.
        AssertRefused(await Prove(host, first.Token(Claims())), "bad signature");

        // Tokens naming unknown keys cost at most one fetch per refresh interval, whoever sends them.
        idp.Publish(second, third);
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        before = idp.KeyFetches;
        using var forger = TestSigningKey.Rsa("forged");
        for (int i = 0; i < 5; i++)
        {
            AssertRefused(await Prove(host, forger.Token(Claims(), kid: $"forged-{i}")), "bad signature");
        }
        Assert.Equal(before + 1, idp.KeyFetches);
        // That fetch brought the third key.
        Assert.True((await Prove(host, third.Token(Claims()))).Reached);
        Assert.True((await Prove(host, second.Token(Claims()))).Reached);
        Assert.Equal(before + 1, idp.KeyFetches);
        Assert.Contains(host.Loggers.Entries, e => e.Message.StartsWith("bearer-token signing keys fetched from JWT_JWKS_URL: 2026-12, 2027-01", StringComparison.Ordinal));
    }

    [Fact]
    public async Task JWT_AUTHORITY_finds_the_issuer_and_the_keys_through_OpenID_Connect_discovery()
    {
        await using var idp = await JwksServer.StartAsync(Issuer);
        using var key = TestSigningKey.Ec("k1");
        using var next = TestSigningKey.Rsa("k2");
        idp.Publish(key);
        await using var host = await StartAsync(idp, discovery: true);

        var accepted = await Prove(host, key.Token(Claims()));
        Assert.True(accepted.Reached, accepted.Detail);
        Assert.Equal($"token:{Issuer}/client-9", accepted.Caller!.Identity!.Name);
        Assert.Equal(1, idp.DiscoveryFetches);
        AssertRefused(await Prove(host, key.Token(Claims(iss: "https://evil.test"))), $"wrong issuer (expected {Issuer})");

        idp.Publish(key, next);
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        int before = idp.DiscoveryFetches;
        var rotated = await Prove(host, next.Token(Claims()));
        Assert.True(rotated.Reached, rotated.Detail);
        Assert.Equal(before + 1, idp.DiscoveryFetches);
        Assert.Equal(idp.DiscoveryFetches, idp.KeyFetches);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task While_the_keys_cannot_be_fetched_a_token_is_answered_503_naming_the_setting_and_accepted_once_they_can(bool discovery)
    {
        await using var idp = await JwksServer.StartAsync(Issuer);
        using var key = TestSigningKey.Rsa("k1");
        idp.Publish(key);
        idp.Unavailable = true;
        await using var host = await StartAsync(idp, discovery);
        string setting = discovery ? "JWT_AUTHORITY" : "JWT_JWKS_URL";
        string token = key.Token(Claims());

        var refused = await Prove(host, token);

        Assert.Equal(503, refused.Status);
        Assert.Equal("Authentication unavailable", refused.Problem!["title"]!.GetValue<string>());
        Assert.Equal("authorization", refused.Problem["field"]!.GetValue<string>());
        Assert.Equal($"bearer token: the signing keys of {setting} cannot be fetched now (it answered 503 ServiceUnavailable); retry later", refused.Detail);
        Assert.Equal("10", refused.Headers.RetryAfter.ToString());
        Assert.Contains(host.Loggers.Entries, e => e.Message == $"bearer-token signing keys could not be fetched from {setting}: it answered 503 ServiceUnavailable");
        Assert.Contains(host.Audit, line => line.StartsWith("security event authentication-unavailable: bearer token: the signing keys of", StringComparison.Ordinal));

        idp.Unavailable = false;
        var clock = Stopwatch.StartNew();
        HostResponse response;
        while (!(response = await Prove(host, token)).Reached)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"still refused 20 s after the keys came back: {response.Status} {response.Detail}");
            await Task.Delay(250);
        }
        Assert.DoesNotContain(host.Loggers.Entries, e => e.Message.Contains(token, StringComparison.Ordinal));
    }
}
