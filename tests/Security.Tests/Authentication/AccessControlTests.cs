using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CredentialHub.Security.Contracts;

namespace CredentialHub.Security.Tests.Authentication;

/// <summary>
/// Access control as the module wires it (API-key and bearer schemes, scope policies, the address and caller rate
/// limits), over HTTP with the module's real parts (API keys over the in-memory store, JwtBearer, the in-memory
/// sliding-window limits on a clock the test moves): what it lets through to the endpoint, as whom, and how it
/// refuses (401 with WWW-Authenticate, 403, 429 with Retry-After, each a problem document and an audit line that
/// never repeats the credential).
/// </summary>
public sealed class AccessControlTests
{
    private static readonly byte[] TokenSecret = RandomNumberGenerator.GetBytes(32);

    private static Task<SecurityHost> StartAsync(SecurityModuleOptions? options = null, bool tokens = true) =>
        SecurityHost.StartAsync(module =>
        {
            (module.RateLimitPerMinute, module.ProveRateLimitPerMinute) = options is null ? (0, 0) : (options.RateLimitPerMinute, options.ProveRateLimitPerMinute);
            module.RateLimitBurst = options?.RateLimitBurst ?? module.RateLimitBurst;
            (module.TokenSecret, module.TokenIssuer) = (TokenSecret, tokens ? "iss" : null);
        });

    private static void AssertProblem(HostResponse response, int status, string title, string field)
    {
        Assert.False(response.Reached, "the endpoint was reached");
        Assert.Equal(status, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.NotNull(response.Problem);
        Assert.Equal(status, response.Problem["status"]!.GetValue<int>());
        Assert.Equal(title, response.Problem["title"]!.GetValue<string>());
        Assert.Equal(field, response.Problem["field"]!.GetValue<string>());
    }

    private static string Jwt(JsonObject claims) => TestTokens.Token("HS256", claims, data => HMACSHA256.HashData(TokenSecret, data));

    private static JsonObject Claims(params string[] scopes) => new()
    {
        ["iss"] = "iss", ["aud"] = "credentialhub", ["sub"] = "alice", ["exp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 300, ["scp"] = new JsonArray([.. scopes.Select(s => JsonValue.Create(s))]),
    };

    [Theory]
    [InlineData("/health")]
    [InlineData("/health/live")]
    [InlineData("/metrics")]
    [InlineData("/swagger/v1/swagger.json")]
    public async Task Health_metrics_and_the_api_documentation_are_neither_limited_nor_authenticated(string path)
    {
        await using var host = await StartAsync(new SecurityModuleOptions { RateLimitPerMinute = 1, RateLimitBurst = 0 });
        for (int i = 0; i < 5; i++)
        {
            // Even a bad credential is not looked at.
            var response = await host.SendAsync(path, apiKey: i % 2 == 0 ? "chk_not-a-key" : null);
            Assert.True(response.Reached);
            Assert.Equal(200, response.Status);
            Assert.Null(response.Caller);
        }
        Assert.Empty(host.Audit);
    }

    [Fact]
    public async Task A_public_endpoint_needs_no_credential_and_counts_against_its_client_addresss_limit()
    {
        await using var host = await StartAsync(new SecurityModuleOptions { RateLimitPerMinute = 2, RateLimitBurst = 1 });
        for (int i = 0; i < 3; i++)
        {
            Assert.True((await host.SendAsync("/proofs/challenges")).Reached);
        }

        var limited = await host.SendAsync("/proofs/challenges");

        AssertProblem(limited, 429, "Too many requests", "request");
        Assert.Equal("60", limited.Headers.RetryAfter.ToString());
        Assert.Equal("the request limit of 2 per minute (burst 1) per client address is used up; retry in 60 s", limited.Detail);
        Assert.Matches(@"^security event rate-limited: address over 2/min \(\+1 burst\) \(POST /proofs/challenges, request \S+, client 192\.0\.2\.1\)$", Assert.Single(host.Audit));
        Assert.True((await host.SendAsync("/proofs/challenges", address: "192.0.2.2")).Reached);
        host.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("30", (await host.SendAsync("/proofs/challenges")).Headers.RetryAfter.ToString());
        host.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await host.SendAsync("/proofs/challenges")).Reached);
    }

    [Fact]
    public async Task A_client_over_its_address_limit_is_refused_before_its_credential_is_looked_at()
    {
        await using var host = await StartAsync(new SecurityModuleOptions { RateLimitPerMinute = 1, ProveRateLimitPerMinute = 1, RateLimitBurst = 0 });
        AssertProblem(await host.SendAsync("/proofs/generate"), 401, "Not authenticated", "authorization");

        var limited = await host.SendAsync("/proofs/generate");

        AssertProblem(limited, 429, "Too many requests", "request");
        Assert.Equal("the proving limit of 1 per minute (burst 0) per client address is used up; retry in 60 s", limited.Detail);
    }

    [Fact]
    public async Task Without_a_credential_a_scoped_endpoint_answers_401_asking_for_a_bearer_credential()
    {
        await using var host = await StartAsync();

        var response = await host.SendAsync("/proofs/generate");

        AssertProblem(response, 401, "Not authenticated", "authorization");
        Assert.Equal("Bearer", response.Headers.WWWAuthenticate.ToString());
        Assert.Equal("this endpoint needs an API key (X-API-Key: chk_…) or a bearer token (Authorization: Bearer …)", response.Detail);
        Assert.StartsWith("security event authentication-failed: this endpoint needs an API key", Assert.Single(host.Audit), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_malformed_or_revoked_key_is_refused_and_never_repeated()
    {
        await using var host = await StartAsync();
        var (revokedRecord, revoked) = await host.Keys.CreateAsync("revoked", [Scopes.Prove], CancellationToken.None);
        await host.Store.RevokeAsync(revokedRecord.Id, host.Clock.GetUtcNow(), CancellationToken.None);
        string unknown = "chk_" + TestTokens.Encode(RandomNumberGenerator.GetBytes(32));
        string[] keys = [unknown, "chk_too-short", "not-a-key-at-all", revoked];

        foreach (string key in keys)
        {
            foreach (var response in new[] { await host.SendAsync("/proofs/generate", apiKey: key), await host.SendAsync("/proofs/generate", authorization: $"Bearer {key}") })
            {
                AssertProblem(response, 401, "Not authenticated", "authorization");
                Assert.Equal("Bearer", response.Headers.WWWAuthenticate.ToString());
                Assert.Equal("the API key is not valid (unknown, malformed or revoked)", response.Detail);
                Assert.DoesNotContain(key, response.Problem!.ToJsonString(), StringComparison.Ordinal);
            }
        }
        Assert.Equal(2 * keys.Length, host.Audit.Count());
        Assert.DoesNotContain(host.Loggers.Entries, e => keys.Any(key => e.Message.Contains(key, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_key_without_the_scope_is_refused_with_403_naming_the_scopes_needed_and_held()
    {
        await using var host = await StartAsync();
        string key = await host.KeyAsync(Scopes.Verify, Scopes.CredentialsRead);

        var response = await host.SendAsync("/credentials", apiKey: key);

        AssertProblem(response, 403, "Missing scope", "authorization");
        Assert.Equal("this endpoint needs the scope credentials:issue or circuits:admin; the caller holds verify credentials:read", response.Detail);
        Assert.Matches("^security event scope-missing: key:[0-9a-f-]{36} lacks credentials:issue or circuits:admin ", Assert.Single(host.Audit));
    }

    [Fact]
    public async Task A_key_holding_one_of_the_scopes_reaches_the_endpoint_as_its_caller_by_either_header()
    {
        await using var host = await StartAsync();
        var (record, key) = await host.Keys.CreateAsync("prover", [Scopes.Prove], CancellationToken.None);

        foreach (var response in new[]
        {
            await host.SendAsync("/proofs/any", apiKey: key),
            await host.SendAsync("/proofs/any", authorization: $"bearer {key}"),
        })
        {
            Assert.True(response.Reached);
            Assert.Equal($"key:{record.Id:D}", response.Caller!.Identity!.Name);
            Assert.True(Scopes.Has(response.Caller, Scopes.Prove));
            Assert.False(Scopes.Has(response.Caller, Scopes.CircuitsAdmin));
        }
        Assert.Empty(host.Audit);
    }

    [Fact]
    public async Task Bearer_tokens_are_checked_when_the_service_accepts_them_and_refused_when_it_does_not()
    {
        await using var host = await StartAsync();
        var valid = await host.SendAsync("/proofs/generate", authorization: $"Bearer {Jwt(Claims(Scopes.Prove))}");
        Assert.True(valid.Reached);
        Assert.Equal("token:iss/alice", valid.Caller!.Identity!.Name);

        var expiredClaims = Claims(Scopes.Prove);
        expiredClaims["exp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3600;
        var expired = await host.SendAsync("/proofs/generate", authorization: $"Bearer {Jwt(expiredClaims)}");
        AssertProblem(expired, 401, "Not authenticated", "authorization");
        Assert.Equal("Bearer", expired.Headers.WWWAuthenticate.ToString());
        Assert.StartsWith("bearer token: expired at", expired.Detail, StringComparison.Ordinal);

        var unscoped = await host.SendAsync("/proofs/generate", authorization: $"Bearer {Jwt(Claims(Scopes.Verify))}");
        AssertProblem(unscoped, 403, "Missing scope", "authorization");
        Assert.Equal("this endpoint needs the scope prove; the caller holds verify", unscoped.Detail);

        // A token in the API-key header is a token too.
        Assert.True((await host.SendAsync("/proofs/generate", apiKey: Jwt(Claims(Scopes.Prove)))).Reached);

        await using var noTokens = await StartAsync(tokens: false);
        var refused = await noTokens.SendAsync("/proofs/generate", authorization: $"Bearer {Jwt(Claims(Scopes.Prove))}");
        AssertProblem(refused, 401, "Not authenticated", "authorization");
        Assert.Equal("bearer token: this service does not accept tokens (JWT_ISSUER is not configured)", refused.Detail);
    }

    [Fact]
    public async Task A_callers_own_limit_holds_across_addresses_and_proving_has_its_own_stricter_limit()
    {
        await using var host = await StartAsync(new SecurityModuleOptions { RateLimitPerMinute = 100, ProveRateLimitPerMinute = 2, RateLimitBurst = 0 });
        string key = await host.KeyAsync(Scopes.Prove, Scopes.Verify);
        Assert.True((await host.SendAsync("/proofs/generate", apiKey: key, address: "192.0.2.1")).Reached);
        Assert.True((await host.SendAsync("/proofs/generate", apiKey: key, address: "192.0.2.2")).Reached);

        var limited = await host.SendAsync("/proofs/generate", apiKey: key, address: "192.0.2.3");

        AssertProblem(limited, 429, "Too many requests", "request");
        Assert.Equal("the proving limit of 2 per minute (burst 0) per caller is used up; retry in 60 s", limited.Detail);
        Assert.Equal("60", limited.Headers.RetryAfter.ToString());
        Assert.StartsWith("security event rate-limited: caller over 2/min (+0 burst)", Assert.Single(host.Audit), StringComparison.Ordinal);
        // The default limit is counted apart: verifying is still allowed.
        Assert.True((await host.SendAsync("/proofs/verify", apiKey: key, address: "192.0.2.3")).Reached);
        // Another caller from the same address is not limited by this one.
        Assert.True((await host.SendAsync("/proofs/generate", apiKey: await host.KeyAsync(Scopes.Prove), address: "192.0.2.3")).Reached);
    }

    [Fact]
    public async Task A_limit_of_zero_is_off()
    {
        await using var host = await StartAsync(new SecurityModuleOptions { RateLimitPerMinute = 0, ProveRateLimitPerMinute = 0, RateLimitBurst = 0 });
        string key = await host.KeyAsync(Scopes.Prove);
        for (int i = 0; i < 50; i++)
        {
            Assert.True((await host.SendAsync("/proofs/generate", apiKey: key)).Reached);
            Assert.True((await host.SendAsync("/proofs/challenges")).Reached);
        }
    }
}
