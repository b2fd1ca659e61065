using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using CredentialHub.Security.Authentication;
using CredentialHub.Security.Contracts;
using CredentialHub.Security.Keys;
using CredentialHub.Security.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CredentialHub.Security.Tests.Authentication;

/// <summary>
/// The access-control middleware in process, with the module's real parts (API keys over the in-memory store, the
/// bearer-token validator, the in-memory sliding-window limits on a clock the test moves): what it lets through to
/// the endpoint, as whom, and how it refuses (401 with WWW-Authenticate, 403, 429 with Retry-After, each a problem
/// document and an audit line that never repeats the credential).
/// </summary>
public sealed class AccessControlMiddlewareTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] TokenSecret = RandomNumberGenerator.GetBytes(32);
    private static readonly RequiredScope Prove = new(Scopes.Prove) { RateLimit = RateLimitClass.Prove };
    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();

    private sealed record Response(int Status, IHeaderDictionary Headers, JsonObject? Problem, bool Reached, ClaimsPrincipal? Caller)
    {
        public string Detail => Problem?["detail"]?.GetValue<string>() ?? "";
    }

    /// <summary>The middleware in front of an endpoint that records being reached.</summary>
    private sealed class Pipeline
    {
        private readonly AccessControlMiddleware _middleware;
        private ClaimsPrincipal? _caller;
        private bool _reached;

        public Pipeline(SecurityModuleOptions? options = null, bool tokens = true)
        {
            Keys = new ApiKeys(Store, Clock);
            var validator = tokens ? new JwtValidator(TokenSecret, null, "iss", "credentialhub", Clock) : null;
            _middleware = new AccessControlMiddleware(
                context =>
                {
                    _reached = true;
                    _caller = context.User;
                    return Task.CompletedTask;
                },
                Keys, new BearerTokens(validator), new InMemoryRateLimitStore(Clock), Options.Create(options ?? new SecurityModuleOptions { RateLimitPerMinute = 0, ProveRateLimitPerMinute = 0 }), Loggers);
        }

        public ManualTimeProvider Clock { get; } = new(Now);

        public InMemoryApiKeyStore Store { get; } = new();

        public ApiKeys Keys { get; }

        public TestLoggerFactory Loggers { get; } = new();

        public IEnumerable<string> Audit => Loggers.Entries.Where(e => e.Category == AccessControlMiddleware.AuditCategory).Select(e => e.Message);

        public async Task<string> KeyAsync(params string[] scopes) => (await Keys.CreateAsync("tests", scopes, CancellationToken.None)).Key;

        public async Task<Response> SendAsync(string path, RequiredScope? scope = null, string? apiKey = null, string? authorization = null, string address = "192.0.2.1")
        {
            _reached = false;
            _caller = null;
            var context = new DefaultHttpContext { RequestServices = Services };
            context.Request.Method = "POST";
            context.Request.Path = path;
            context.Connection.RemoteIpAddress = IPAddress.Parse(address);
            context.Response.Body = new MemoryStream();
            var metadata = scope is null ? new EndpointMetadataCollection() : new EndpointMetadataCollection(scope);
            context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, metadata, path));
            if (apiKey is not null)
            {
                context.Request.Headers["X-API-Key"] = apiKey;
            }
            if (authorization is not null)
            {
                context.Request.Headers.Authorization = authorization;
            }

            await _middleware.InvokeAsync(context);

            context.Response.Body.Position = 0;
            string body = await new StreamReader(context.Response.Body).ReadToEndAsync();
            return new Response(context.Response.StatusCode, context.Response.Headers, body.Length == 0 ? null : JsonNode.Parse(body)!.AsObject(), _reached, _caller);
        }
    }

    private static void AssertProblem(Response response, int status, string title, string field)
    {
        Assert.False(response.Reached, "the endpoint was reached");
        Assert.Equal(status, response.Status);
        Assert.NotNull(response.Problem);
        Assert.Equal(status, response.Problem["status"]!.GetValue<int>());
        Assert.Equal(title, response.Problem["title"]!.GetValue<string>());
        Assert.Equal(field, response.Problem["field"]!.GetValue<string>());
    }

    private static string Jwt(JsonObject claims) => TestTokens.Token("HS256", claims, data => HMACSHA256.HashData(TokenSecret, data));

    private static JsonObject Claims(params string[] scopes) => new()
    {
        ["iss"] = "iss", ["aud"] = "credentialhub", ["sub"] = "alice", ["exp"] = Now.ToUnixTimeSeconds() + 300, ["scp"] = new JsonArray([.. scopes.Select(s => JsonValue.Create(s))]),
    };

    [Theory]
    [InlineData("/health")]
    [InlineData("/health/live")]
    [InlineData("/metrics")]
    [InlineData("/swagger/v1/swagger.json")]
    public async Task Health_metrics_and_the_api_documentation_are_neither_limited_nor_authenticated(string path)
    {
        var pipeline = new Pipeline(new SecurityModuleOptions { RateLimitPerMinute = 1, RateLimitBurst = 0 });
        for (int i = 0; i < 5; i++)
        {
            var response = await pipeline.SendAsync(path, new RequiredScope(Scopes.CircuitsAdmin));
            Assert.True(response.Reached);
            Assert.Equal(200, response.Status);
        }
        Assert.Empty(pipeline.Audit);
    }

    [Fact]
    public async Task A_public_endpoint_needs_no_credential_and_counts_against_its_client_addresss_limit()
    {
        var pipeline = new Pipeline(new SecurityModuleOptions { RateLimitPerMinute = 2, RateLimitBurst = 1 });
        for (int i = 0; i < 3; i++)
        {
            Assert.True((await pipeline.SendAsync("/proofs/challenges")).Reached);
        }

        var limited = await pipeline.SendAsync("/proofs/challenges");

        AssertProblem(limited, 429, "Too many requests", "request");
        Assert.Equal("60", limited.Headers.RetryAfter.ToString());
        Assert.Equal("the request limit of 2 per minute (burst 1) per client address is used up; retry in 60 s", limited.Detail);
        Assert.Matches(@"^security event rate-limited: address over 2/min \(\+1 burst\) \(POST /proofs/challenges, request \S+, client 192\.0\.2\.1\)$", Assert.Single(pipeline.Audit));
        Assert.True((await pipeline.SendAsync("/proofs/challenges", address: "192.0.2.2")).Reached);
        pipeline.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("30", (await pipeline.SendAsync("/proofs/challenges")).Headers.RetryAfter.ToString());
        pipeline.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await pipeline.SendAsync("/proofs/challenges")).Reached);
    }

    [Fact]
    public async Task Without_a_credential_a_scoped_endpoint_answers_401_asking_for_a_bearer_credential()
    {
        var pipeline = new Pipeline();

        var response = await pipeline.SendAsync("/proofs/generate", Prove);

        AssertProblem(response, 401, "Not authenticated", "authorization");
        Assert.Equal("Bearer", response.Headers.WWWAuthenticate.ToString());
        Assert.Equal("this endpoint needs an API key (X-API-Key: chk_…) or a bearer token (Authorization: Bearer …)", response.Detail);
        Assert.StartsWith("security event authentication-failed: this endpoint needs an API key", Assert.Single(pipeline.Audit), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_malformed_or_revoked_key_is_refused_and_never_repeated()
    {
        var pipeline = new Pipeline();
        var (revokedRecord, revoked) = await pipeline.Keys.CreateAsync("revoked", [Scopes.Prove], CancellationToken.None);
        await pipeline.Store.RevokeAsync(revokedRecord.Id, Now, CancellationToken.None);
        string unknown = "chk_" + TestTokens.Encode(RandomNumberGenerator.GetBytes(32));
        string[] keys = [unknown, "chk_too-short", "not-a-key-at-all", revoked];

        foreach (string key in keys)
        {
            foreach (var response in new[] { await pipeline.SendAsync("/proofs/generate", Prove, apiKey: key), await pipeline.SendAsync("/proofs/generate", Prove, authorization: $"Bearer {key}") })
            {
                AssertProblem(response, 401, "Not authenticated", "authorization");
                Assert.Equal("the API key is not valid (unknown, malformed or revoked)", response.Detail);
                Assert.DoesNotContain(key, response.Problem!.ToJsonString(), StringComparison.Ordinal);
            }
        }
        Assert.Equal(2 * keys.Length, pipeline.Audit.Count());
        Assert.DoesNotContain(pipeline.Loggers.Entries, e => keys.Any(key => e.Message.Contains(key, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_key_without_the_scope_is_refused_with_403_naming_the_scopes_needed_and_held()
    {
        var pipeline = new Pipeline();
        string key = await pipeline.KeyAsync(Scopes.Verify, Scopes.CredentialsRead);

        var response = await pipeline.SendAsync("/credentials", new RequiredScope(Scopes.CredentialsIssue, Scopes.CircuitsAdmin), apiKey: key);

        AssertProblem(response, 403, "Missing scope", "authorization");
        Assert.Equal("this endpoint needs the scope credentials:issue or circuits:admin; the caller holds verify credentials:read", response.Detail);
        Assert.Matches("^security event scope-missing: key:[0-9a-f-]{36} lacks credentials:issue or circuits:admin ", Assert.Single(pipeline.Audit));
    }

    [Fact]
    public async Task A_key_holding_one_of_the_scopes_reaches_the_endpoint_as_its_caller_by_either_header()
    {
        var pipeline = new Pipeline();
        var (record, key) = await pipeline.Keys.CreateAsync("prover", [Scopes.Prove], CancellationToken.None);

        foreach (var response in new[]
        {
            await pipeline.SendAsync("/proofs/generate", new RequiredScope(Scopes.CircuitsAdmin, Scopes.Prove), apiKey: key),
            await pipeline.SendAsync("/proofs/generate", new RequiredScope(Scopes.CircuitsAdmin, Scopes.Prove), authorization: $"bearer {key}"),
        })
        {
            Assert.True(response.Reached);
            Assert.Equal($"key:{record.Id:D}", response.Caller!.Identity!.Name);
            Assert.True(Scopes.Has(response.Caller, Scopes.Prove));
            Assert.False(Scopes.Has(response.Caller, Scopes.CircuitsAdmin));
        }
        Assert.Empty(pipeline.Audit);
    }

    [Fact]
    public async Task Bearer_tokens_are_checked_when_the_service_accepts_them_and_refused_when_it_does_not()
    {
        var pipeline = new Pipeline();
        var valid = await pipeline.SendAsync("/proofs/generate", Prove, authorization: $"Bearer {Jwt(Claims(Scopes.Prove))}");
        Assert.True(valid.Reached);
        Assert.Equal("token:iss/alice", valid.Caller!.Identity!.Name);

        var expiredClaims = Claims(Scopes.Prove);
        expiredClaims["exp"] = Now.ToUnixTimeSeconds() - 3600;
        var expired = await pipeline.SendAsync("/proofs/generate", Prove, authorization: $"Bearer {Jwt(expiredClaims)}");
        AssertProblem(expired, 401, "Not authenticated", "authorization");
        Assert.StartsWith("bearer token: expired at", expired.Detail, StringComparison.Ordinal);

        var unscoped = await pipeline.SendAsync("/proofs/generate", Prove, authorization: $"Bearer {Jwt(Claims(Scopes.Verify))}");
        AssertProblem(unscoped, 403, "Missing scope", "authorization");

        var refused = await new Pipeline(tokens: false).SendAsync("/proofs/generate", Prove, authorization: $"Bearer {Jwt(Claims(Scopes.Prove))}");
        AssertProblem(refused, 401, "Not authenticated", "authorization");
        Assert.Equal("bearer token: this service does not accept tokens (JWT_ISSUER is not configured)", refused.Detail);
    }

    [Fact]
    public async Task A_callers_own_limit_holds_across_addresses_and_proving_has_its_own_stricter_limit()
    {
        var pipeline = new Pipeline(new SecurityModuleOptions { RateLimitPerMinute = 100, ProveRateLimitPerMinute = 2, RateLimitBurst = 0 });
        string key = await pipeline.KeyAsync(Scopes.Prove, Scopes.Verify);
        Assert.True((await pipeline.SendAsync("/proofs/generate", Prove, apiKey: key, address: "192.0.2.1")).Reached);
        Assert.True((await pipeline.SendAsync("/proofs/generate", Prove, apiKey: key, address: "192.0.2.2")).Reached);

        var limited = await pipeline.SendAsync("/proofs/generate", Prove, apiKey: key, address: "192.0.2.3");

        AssertProblem(limited, 429, "Too many requests", "request");
        Assert.Equal("the proving limit of 2 per minute (burst 0) per caller is used up; retry in 60 s", limited.Detail);
        Assert.Equal("60", limited.Headers.RetryAfter.ToString());
        Assert.StartsWith("security event rate-limited: caller over 2/min (+0 burst)", Assert.Single(pipeline.Audit), StringComparison.Ordinal);
        // The default limit is counted apart: verifying is still allowed.
        Assert.True((await pipeline.SendAsync("/proofs/verify", new RequiredScope(Scopes.Verify), apiKey: key, address: "192.0.2.3")).Reached);
        // Another caller from the same address is not limited by this one.
        Assert.True((await pipeline.SendAsync("/proofs/generate", Prove, apiKey: await pipeline.KeyAsync(Scopes.Prove), address: "192.0.2.3")).Reached);
    }

    [Fact]
    public async Task A_limit_of_zero_is_off()
    {
        var pipeline = new Pipeline(new SecurityModuleOptions { RateLimitPerMinute = 0, ProveRateLimitPerMinute = 0, RateLimitBurst = 0 });
        string key = await pipeline.KeyAsync(Scopes.Prove);
        for (int i = 0; i < 50; i++)
        {
            Assert.True((await pipeline.SendAsync("/proofs/generate", Prove, apiKey: key)).Reached);
            Assert.True((await pipeline.SendAsync("/proofs/challenges")).Reached);
        }
    }
}
