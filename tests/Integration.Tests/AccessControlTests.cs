using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CredentialHub.Integration.Tests.Support;

namespace CredentialHub.Integration.Tests;

// 10. Security over HTTP: keys and scopes, bearer tokens, rate limits and replay protection across two instances
// sharing Redis and PostgreSQL, Redis going away, and hostile input to every endpoint.
[Collection(PostgresAndRedisCollection.Name)]
public sealed class AccessControlTests(PostgresServer postgres, RedisServer redis)
{
    private static readonly (HttpMethod Method, string Path, string Body, string Scope)[] Protected =
    [
        (HttpMethod.Post, "/proofs/generate", """{"circuit_id":"solvency","inputs":{}}""", "prove"),
        (HttpMethod.Post, "/proofs/verify", """{"proof_id":"00000000-0000-0000-0000-000000000000"}""", "verify"),
        (HttpMethod.Post, "/proofs/challenges", "{}", "verify"),
        (HttpMethod.Get, "/proofs/00000000-0000-0000-0000-000000000000", "", "prove"),
        (HttpMethod.Post, "/credentials", "{}", "credentials:issue"),
        (HttpMethod.Get, "/credentials/00000000-0000-0000-0000-000000000000", "", "credentials:read"),
        (HttpMethod.Delete, "/credentials/00000000-0000-0000-0000-000000000000", "", "credentials:issue"),
        (HttpMethod.Post, "/circuits", "", "circuits:admin"),
    ];

    private static readonly string[] Public = ["/health", "/health/live", "/circuits", "/circuits/solvency", "/circuits/solvency/verification_key", "/credentials/issuer-keys", "/metrics", "/stats"];

    private static async Task<Reply> SendAsync(HttpClient http, HttpMethod method, string path, string body, string? key = null, string? bearer = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (path == "/circuits" && method == HttpMethod.Post)
        {
            request.Content = new MultipartFormDataContent { { new StringContent("{}"), "configuration", "circuit.json" } };
        }
        else if (body.Length > 0 || method == HttpMethod.Post)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        if (key is not null)
        {
            request.Headers.Add("X-API-Key", key);
        }
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        using var response = await http.SendAsync(request);
        return new Reply(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType, response.Headers, response.Content.Headers);
    }

    private static async Task<string> KeyAsync(string databaseUrl, string scopes)
    {
        var (exitCode, stdout, stderr) = await HostProcess.KeysAsync(databaseUrl, "create", "--scope", scopes, "--name", $"access tests {scopes}");
        Assert.True(exitCode == 0, $"keys create --scope {scopes}: {stderr}");
        return stdout.Trim();
    }

    [Fact]
    public async Task Keys_and_scopes_decide_who_may_call_what_and_the_command_line_manages_them()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        string url = HostProcess.DatabaseUrl(database.ConnectionString);
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string> { ["DATABASE_URL"] = url });
        using var anonymous = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(60) };
        string verifyKey = await KeyAsync(url, "verify");
        string proveKey = await KeyAsync(url, "prove");
        string unknownKey = "chk_" + new string('A', 43);

        foreach (var (method, path, body, scope) in Protected)
        {
            string what = $"{method} {path}";
            var none = await SendAsync(anonymous, method, path, body);
            ProblemAssert.Problem(none, HttpStatusCode.Unauthorized, "authorization");
            Assert.True(none.Headers.WwwAuthenticate.Count > 0, $"{what}: 401 without WWW-Authenticate");
            ProblemAssert.Problem(await SendAsync(anonymous, method, path, body, key: unknownKey), HttpStatusCode.Unauthorized, "authorization");
            ProblemAssert.Problem(await SendAsync(anonymous, method, path, body, key: "not-a-key"), HttpStatusCode.Unauthorized, "authorization");
            string wrong = scope is "verify" ? proveKey : verifyKey;
            if (!(scope == "prove" && path.StartsWith("/proofs/0", StringComparison.Ordinal)))
            {
                var forbidden = await SendAsync(anonymous, method, path, body, key: wrong);
                ProblemAssert.Problem(forbidden, HttpStatusCode.Forbidden, "authorization");
                Assert.Contains(scope is "credentials:read" ? "credentials" : scope, forbidden.String("detail"), StringComparison.Ordinal);
            }
        }
        foreach (string path in Public)
        {
            var reply = await SendAsync(anonymous, HttpMethod.Get, path, "");
            Assert.True(reply.Status == HttpStatusCode.OK, $"public {path}: {reply}");
        }
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(anonymous, HttpMethod.Post, "/proofs/challenges", "{}", key: verifyKey)).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(anonymous, HttpMethod.Post, "/proofs/challenges", "{}", bearer: verifyKey)).Status);

        // list shows prefixes, never a key; rotate gives a new key and ends the old; revoke ends a key within the cache time.
        var (listExit, list, _) = await HostProcess.KeysAsync(url, "list");
        Assert.Equal(0, listExit);
        Assert.Contains(verifyKey[..10], list, StringComparison.Ordinal);
        Assert.DoesNotContain(verifyKey, list, StringComparison.Ordinal);
        string verifyId = list.Split('\n').First(l => l.Contains(verifyKey[..10], StringComparison.Ordinal)).Split(' ')[0];
        var (rotateExit, rotated, rotateError) = await HostProcess.KeysAsync(url, "rotate", verifyId);
        Assert.True(rotateExit == 0, rotateError);
        string newKey = rotated.Trim();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(anonymous, HttpMethod.Post, "/proofs/challenges", "{}", key: newKey)).Status);
        await EventuallyAsync(async () => (await SendAsync(anonymous, HttpMethod.Post, "/proofs/challenges", "{}", key: verifyKey)).Status == HttpStatusCode.Unauthorized, "the rotated key still works");
        Assert.Contains("rotated", (await HostProcess.KeysAsync(url, "list")).Stdout, StringComparison.Ordinal);
        string newId = (await HostProcess.KeysAsync(url, "list")).Stdout.Split('\n').First(l => l.Contains(newKey[..10], StringComparison.Ordinal)).Split(' ')[0];
        Assert.Equal(0, (await HostProcess.KeysAsync(url, "revoke", newId)).ExitCode);
        await EventuallyAsync(async () => (await SendAsync(anonymous, HttpMethod.Post, "/proofs/challenges", "{}", key: newKey)).Status == HttpStatusCode.Unauthorized, "the revoked key still works");
        Assert.Equal(1, (await HostProcess.KeysAsync(url, "revoke", Guid.NewGuid().ToString())).ExitCode);
        Assert.Equal(2, (await HostProcess.KeysAsync(url, "create", "--scope", "everything")).ExitCode);

        // Neither keys nor their hashes' sources appear in the log.
        foreach (string key in new[] { verifyKey, proveKey, newKey, unknownKey })
        {
            Assert.DoesNotContain(key, host.Output, StringComparison.Ordinal);
        }
        Assert.Contains("security event authentication-failed", host.Output, StringComparison.Ordinal);
        Assert.Contains("security event scope-missing", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bearer_tokens_are_checked_for_signature_expiry_issuer_audience_and_scope()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string pemFile = Path.Combine(Path.GetTempPath(), $"credentialhub-jwt-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(pemFile, ec.ExportSubjectPublicKeyInfoPem());
        try
        {
            await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
            {
                ["JWT_ISSUER"] = "https://auth.test",
                ["JWT_PUBLIC_KEY_FILE"] = pemFile,
            });
            using var http = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(60) };
            byte[] secret = Encoding.UTF8.GetBytes(HostProcess.TestSecretKey);
            long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            JsonObject Claims(string scope = "verify", long? exp = null, string iss = "https://auth.test", JsonNode? aud = null) => new()
            {
                ["iss"] = iss, ["sub"] = "client-7", ["aud"] = aud ?? "credentialhub", ["exp"] = exp ?? now + 300, ["scope"] = scope,
            };
            async Task<Reply> Challenge(string token) => await SendAsync(http, HttpMethod.Post, "/proofs/challenges", "{}", bearer: token);

            var tokens = new List<string>();
            string hs = Jwt.Hs256(Claims(), secret);
            tokens.Add(hs);
            Assert.Equal(HttpStatusCode.OK, (await Challenge(hs)).Status);
            ProblemAssert.Problem(await SendAsync(http, HttpMethod.Post, "/proofs/generate", """{"circuit_id":"solvency","inputs":{}}""", bearer: hs), HttpStatusCode.Forbidden, "authorization");
            string es = Jwt.Es256(Claims(aud: new JsonArray("other", "credentialhub")), ec);
            tokens.Add(es);
            Assert.Equal(HttpStatusCode.OK, (await Challenge(es)).Status);

            using var otherEc = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var cases = new (string Token, string Check)[]
            {
                (Jwt.Hs256(Claims(), Encoding.UTF8.GetBytes("another-k3y-of-at-least-32-characters-QwErTy")), "bad signature"),
                (Jwt.Es256(Claims(), otherEc), "bad signature"),
                (Jwt.Hs256(Claims(exp: now - 3600), secret), "expired"),
                (Jwt.Hs256(Claims(aud: "someone-else"), secret), "wrong audience"),
                (Jwt.Hs256(Claims(iss: "https://evil.test"), secret), "wrong issuer"),
                (Jwt.Unsigned(Claims()), "not accepted"),
                (Jwt.Hs256(new JsonObject { ["iss"] = "https://auth.test", ["aud"] = "credentialhub", ["scope"] = "verify" }, secret), "no expiry"),
                ("aaa.bbb.ccc", "malformed"),
            };
            foreach (var (token, check) in cases)
            {
                tokens.Add(token);
                var reply = await Challenge(token);
                var problem = ProblemAssert.Problem(reply, HttpStatusCode.Unauthorized, "authorization", token);
                Assert.Contains(check, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
            await Task.Delay(300);
            foreach (string token in tokens)
            {
                Assert.DoesNotContain(token, host.Output, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(pemFile);
        }
    }

    [Fact]
    public async Task Tokens_signed_with_an_identity_providers_published_keys_are_accepted_through_a_key_rotation()
    {
        const string issuer = "https://idp.test";
        await using var idp = await JwksServer.StartAsync(issuer);
        using var first = TestSigningKey.Rsa("2026-11");
        using var second = TestSigningKey.Ec("2026-12");
        idp.Publish(first);
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        JsonObject Claims(long? exp = null, string aud = "credentialhub") => new()
        {
            ["iss"] = issuer, ["sub"] = "client-8", ["aud"] = aud, ["exp"] = exp ?? now + 300, ["scope"] = "verify",
        };
        var tokens = new List<string>();

        await using (var host = await HostProcess.StartAsync(new Dictionary<string, string> { ["JWT_ISSUER"] = issuer, ["JWT_JWKS_URL"] = idp.JwksUrl.AbsoluteUri }))
        {
            using var http = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(60) };
            async Task<Reply> Challenge(string token)
            {
                tokens.Add(token);
                return await SendAsync(http, HttpMethod.Post, "/proofs/challenges", "{}", bearer: token);
            }

            Assert.Equal(HttpStatusCode.OK, (await Challenge(first.Token(Claims()))).Status);
            Assert.Equal(1, idp.KeyFetches);
            // The provider rotates to a new key: the first token naming it is accepted, and the old key is no longer trusted.
            idp.Publish(second);
            var rotated = await Challenge(second.Token(Claims()));
            Assert.True(rotated.Status == HttpStatusCode.OK, $"the first token of the new key: {rotated}");
            Assert.Equal(2, idp.KeyFetches);
            var cases = new (string Token, string Check)[]
            {
                (first.Token(Claims()), "bad signature"),
                (second.Token(Claims(exp: now - 3600)), "expired"),
                (second.Token(Claims(aud: "someone-else")), "wrong audience"),
                (Jwt.Unsigned(Claims()), "not accepted"),
            };
            foreach (var (token, check) in cases)
            {
                var problem = ProblemAssert.Problem(await Challenge(token), HttpStatusCode.Unauthorized, "authorization", token);
                Assert.Contains(check, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
            await Task.Delay(300);
            Assert.Contains("bearer-token signing keys fetched from JWT_JWKS_URL: 2026-12", host.Output, StringComparison.Ordinal);
            Assert.All(tokens, token => Assert.DoesNotContain(token, host.Output, StringComparison.Ordinal));
        }

        // The same provider found through OpenID Connect discovery: JWT_AUTHORITY alone names the issuer and the keys.
        await using (var host = await HostProcess.StartAsync(new Dictionary<string, string> { ["JWT_AUTHORITY"] = idp.Authority.AbsoluteUri }))
        {
            using var http = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(60) };
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, HttpMethod.Post, "/proofs/challenges", "{}", bearer: second.Token(Claims()))).Status);
            Assert.True(idp.DiscoveryFetches >= 1);
            var forbidden = await SendAsync(http, HttpMethod.Post, "/proofs/generate", """{"circuit_id":"solvency","inputs":{}}""", bearer: second.Token(Claims()));
            ProblemAssert.Problem(forbidden, HttpStatusCode.Forbidden, "authorization");
        }
    }

    [Fact]
    public async Task Rate_limits_and_one_time_nonces_hold_across_two_instances_and_limits_survive_Redis_going_away()
    {
        redis.Start();
        await using var database = await postgres.CreateDatabaseAsync();
        string url = HostProcess.DatabaseUrl(database.ConnectionString);
        var environment = new Dictionary<string, string>
        {
            ["DATABASE_URL"] = url,
            ["REDIS_URL"] = $"redis://127.0.0.1:{redis.Port}",
            ["RATE_LIMIT_PER_MINUTE"] = "40",
            ["PROVE_RATE_LIMIT_PER_MINUTE"] = "1000",
            ["RATE_LIMIT_BURST"] = "0",
        };
        await using var a = await HostProcess.StartAsync(environment);
        await using var b = await HostProcess.StartAsync(environment);
        string key = await KeyAsync(url, "verify,prove,credentials:issue");
        using var toA = new HttpClient { BaseAddress = a.Address, Timeout = TimeSpan.FromSeconds(60) };
        using var toB = new HttpClient { BaseAddress = b.Address, Timeout = TimeSpan.FromSeconds(60) };
        toA.DefaultRequestHeaders.Add("X-API-Key", key);
        toB.DefaultRequestHeaders.Add("X-API-Key", key);

        // A presentation redeems its nonce once across the instances.
        string nonce = await Api.ChallengeAsync(toA);
        var issued = await Api.PostJsonAsync(toA, "/credentials", new JsonObject
        {
            ["subject"] = "did:example:two-instances",
            ["type"] = "Membership",
            ["attributes"] = new JsonArray(new JsonObject { ["name"] = "level", ["type"] = "integer", ["value"] = 3 }),
        });
        string credentialId = issued.Json.GetProperty("id").GetString()!["urn:uuid:".Length..];
        JsonObject Presentation(string n) => new()
        {
            ["circuit_id"] = "selective-disclosure", ["credential_id"] = credentialId,
            ["reveal_attributes"] = new JsonArray("level"), ["nonce"] = n,
        };
        var proved = await Api.PostJsonAsync(toA, "/proofs/generate", Presentation(nonce));
        Assert.True(proved.Status == HttpStatusCode.OK, $"generate: {proved}");
        JsonObject Verify(Reply job, string n) => new()
        {
            ["circuit_id"] = "selective-disclosure",
            ["proof"] = JsonNode.Parse(job.Json.GetProperty("proof").GetRawText()),
            ["public_signals"] = JsonNode.Parse(job.Json.GetProperty("public_signals").GetRawText()),
            ["presentation"] = JsonNode.Parse(job.Json.GetProperty("presentation").GetRawText()),
            ["nonce"] = n,
        };
        var onB = await Api.PostJsonAsync(toB, "/proofs/verify", Verify(proved, nonce));
        Assert.True(onB.Status == HttpStatusCode.OK && onB.Json.GetProperty("valid").GetBoolean(), $"first presentation on B: {onB}");
        ProblemAssert.Problem(await Api.PostJsonAsync(toA, "/proofs/verify", Verify(proved, nonce)), HttpStatusCode.Conflict, "nonce");

        string second = await Api.ChallengeAsync(toB);
        var proved2 = await Api.PostJsonAsync(toB, "/proofs/generate", Presentation(second));
        var racers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Api.PostJsonAsync(i % 2 == 0 ? toA : toB, "/proofs/verify", Verify(proved2, second))));
        Assert.Equal(1, racers.Count(r => r.Status == HttpStatusCode.OK && r.Json.GetProperty("valid").GetBoolean()));
        Assert.Equal(9, racers.Count(r => r.Status == HttpStatusCode.Conflict));
        Assert.Contains("security event replay", a.Output + b.Output, StringComparison.Ordinal);

        // 40 a minute per caller, counted in Redis across both instances (the requests above used 15 of them: three
        // challenges, the credential, and eleven verifications; proving counts against its own limit).
        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 40; i++)
        {
            statuses.Add((await SendAsync(i % 2 == 0 ? toA : toB, HttpMethod.Post, "/proofs/challenges", "{}")).Status);
        }
        Assert.Equal(25, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(15, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        var refused = await SendAsync(toA, HttpMethod.Post, "/proofs/challenges", "{}");
        ProblemAssert.Problem(refused, HttpStatusCode.TooManyRequests, "request");
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"429 without a Retry-After of at least 1 s: {refused}");

        // Redis stops: instance A now limits in process (a fresh window of 40), never unlimited, never a 5xx.
        redis.Stop();
        try
        {
            var during = new List<HttpStatusCode>();
            for (int i = 0; i < 50; i++)
            {
                var reply = await SendAsync(toA, HttpMethod.Post, "/proofs/challenges", "{}");
                ProblemAssert.NoServerError(reply, "challenge with Redis stopped");
                during.Add(reply.Status);
            }
            Assert.True(during.Count(s => s == HttpStatusCode.OK) <= 40, $"{during.Count(s => s == HttpStatusCode.OK)} of 50 allowed with Redis stopped");
            Assert.True(during.Count(s => s == HttpStatusCode.TooManyRequests) >= 10, "no request refused in process with Redis stopped");
            await Task.Delay(300);
            Assert.Contains("rate limits are enforced per instance", a.Output, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync(toA, "/health")).Status);
        }
        finally
        {
            redis.Start();
        }
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("postgres")]
    public async Task Hostile_requests_to_every_endpoint_get_a_problem_and_the_service_stays_healthy(string storage)
    {
        await using var database = storage == "postgres" ? await postgres.CreateDatabaseAsync() : null;
        await using var host = await HostProcess.StartAsync(database is null
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { ["DATABASE_URL"] = HostProcess.DatabaseUrl(database.ConnectionString) });
        var http = host.Http;
        var random = new Random(20261121);
        const string planted = "8675309867530986753098675309";
        string[] posts = ["/proofs/generate", "/proofs/verify", "/proofs/challenges", "/credentials"];
        string[] gets = ["/proofs/{0}", "/credentials/{0}", "/circuits/{0}", "/circuits/{0}/verification_key"];
        string[] bodies =
        [
            "", "{", "[]", "null", "\"text\"", "42", "{\"circuit_id\":", "{\"a\":1,\"a\":2}",
            new string('[', 1000) + new string(']', 1000),
            "{" + string.Concat(Enumerable.Range(0, 200).Select(i => $"\"k{i}\":{{")) + "1" + new string('}', 201),
            $"{{\"circuit_id\":\"solvency\",\"inputs\":{{\"assets\":[\"{planted}\"]}}}}",
            $"{{\"circuit_id\":\"solvency\",\"inputs\":{{\"assets\":[{planted}],\"liabilities\":\"x\",\"salt\":null}}}}",
            "{\"circuit_id\":\"solvency\",\"inputs\":{\"assets\":[\"007\",\"1e3\",\"-1\",\"21888242871839275222246405745257275088548364400416034343698204186575808495617\",\"115792089237316195423570985008687907853269984665640564039457584007913129639936\"]}}",
            $"{{\"proof_id\":\"{new string('9', 5000)}\"}}",
            "{\"circuit_id\":\"selective-disclosure\",\"credential_id\":\"" + Guid.NewGuid() + "\",\"nonce\":\"" + planted + "\"}",
            "{\"subject\":\"\\u0000\\u202e\",\"type\":\"T\",\"attributes\":[{\"name\":\"n\",\"type\":\"integer\",\"value\":" + planted + "}]}",
            "{\"subject\":\"x\\ud800\",\"type\":\"T\"}",
            "{\"lifetime_seconds\":-5}",
            "{\"circuit_id\":\"solvency\",\"proof\":{\"pi_a\":[\"" + planted + "\"]},\"public_signals\":[1,2]}",
            new string('x', 11 * 1024),
        ];
        // Generated: solvency inputs with one wrong value among valid ones, in a random position.
        string[] wrongNumbers = ["0x1F", "1.0", " 1", "+1", "1_000", "\u0661", "18446744073709551616", "-0", "1e2", "", "00", planted + planted];
        var generated = new List<string>();
        for (int i = 0; i < 40; i++)
        {
            var assets = Enumerable.Range(0, 8).Select(_ => random.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            assets[random.Next(8)] = wrongNumbers[random.Next(wrongNumbers.Length)];
            string list = string.Join(",", assets.Select(a => "\"" + a + "\""));
            generated.Add("{\"circuit_id\":\"solvency\",\"inputs\":{\"assets\":[" + list + "],\"liabilities\":[\"0\",\"0\",\"0\",\"0\",\"0\",\"0\",\"0\",\"0\"],\"salt\":\"" + planted + "\",\"institution_hash\":\"1\"}}");
        }
        bodies = [.. bodies, .. generated];
        string[] contentTypes = ["application/json", "text/plain", "application/x-www-form-urlencoded", "application/json; charset=utf-16"];
        var failures = new List<string>();
        long rssBefore = 0;
        for (int round = 0; round < 2; round++)
        {
            if (round == 1)
            {
                rssBefore = Rss(host.Process.Id);
            }
            foreach (string path in posts)
            {
                foreach (string body in bodies)
                {
                    if (path == "/proofs/challenges" && body.Length == 0)
                    {
                        continue; // a challenge needs no body: that one is a valid request
                    }
                    string type = contentTypes[random.Next(contentTypes.Length)];
                    using var content = new StringContent(body, Encoding.UTF8);
                    content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
                    using var response = await http.PostAsync(path, content);
                    Check(failures, $"POST {path} ({type}) {Shorten(body)}", response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType, planted);
                }
                // A client sending 2 MB waits for the server's go-ahead (Expect: 100-continue), as HTTP clients may;
                // the service refuses from the declared length without reading the body.
                // Bytes that are not UTF-8 inside a JSON string.
                using var notUtf8 = new ByteArrayContent([.. "{\"subject\":\"1"u8, 0xFF, 0xC0, 0xAF, .. "\",\"circuit_id\":\"solvency\"}"u8]);
                notUtf8.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var notUtf8Response = await http.PostAsync(path, notUtf8);
                Check(failures, $"POST {path} invalid UTF-8", notUtf8Response.StatusCode, await notUtf8Response.Content.ReadAsStringAsync(), notUtf8Response.Content.Headers.ContentType?.MediaType, planted);
                using var bigRequest = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(new byte[2 << 20]) };
                bigRequest.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                bigRequest.Headers.ExpectContinue = true;
                using var bigResponse = await http.SendAsync(bigRequest);
                Check(failures, $"POST {path} 2 MB", bigResponse.StatusCode, await bigResponse.Content.ReadAsStringAsync(), bigResponse.Content.Headers.ContentType?.MediaType, planted);
                using var wrongMethod = await http.PutAsync(path, new StringContent("{}", Encoding.UTF8, "application/json"));
                Check(failures, $"PUT {path}", wrongMethod.StatusCode, await wrongMethod.Content.ReadAsStringAsync(), wrongMethod.Content.Headers.ContentType?.MediaType, planted);
            }
            foreach (string template in gets)
            {
                // (Ids in a path are public identifiers: a problem may name them. A 10,000-character path is refused by
                // the HTTP server itself with a bare 414 before any application code runs.)
                foreach (string id in new[] { "x", "../etc/passwd", new string('a', 10_000), "%00", "00000000-0000-0000-0000-00000000000g", "ü", "9" + new string('9', 100) })
                {
                    using var response = await http.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Uri.EscapeDataString(id)));
                    if (response.StatusCode == HttpStatusCode.RequestUriTooLong && id.Length > 8000)
                    {
                        continue;
                    }
                    Check(failures, $"GET {template} {Shorten(id)}", response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType, planted);
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.False(host.Process.HasExited, "the host stopped");
        var health = await Api.GetAsync(http, "/health");
        Assert.True(health.Status == HttpStatusCode.OK, $"/health after the hostile requests: {health}");
        long rssAfter = Rss(host.Process.Id);
        Assert.True(rssAfter - rssBefore < 150L << 20, $"resident memory grew from {rssBefore >> 20} MiB to {rssAfter >> 20} MiB over one round");
        Assert.DoesNotContain(planted, host.Output, StringComparison.Ordinal);
    }

    private static void Check(List<string> failures, string what, HttpStatusCode status, string body, string? mediaType, string planted)
    {
        int code = (int)status;
        if (code < 400 || code >= 500)
        {
            failures.Add($"{what}: {code} (expected a 4xx) {Shorten(body)}");
            return;
        }
        if (mediaType != "application/problem+json" || !body.Contains("\"field\"", StringComparison.Ordinal))
        {
            failures.Add($"{what}: {code} is not a problem document with a field: {mediaType} {Shorten(body)}");
        }
        if (body.Contains(planted, StringComparison.Ordinal))
        {
            failures.Add($"{what}: the planted value is echoed: {Shorten(body)}");
        }
    }

    private static long Rss(int pid)
    {
        string line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"{failure} after 15 s");
            await Task.Delay(500);
        }
    }

    /// <summary>A compact JWS encoder for the tests (HS256, ES256, or unsigned with alg none).</summary>
    private static class Jwt
    {
        public static string Hs256(JsonObject claims, byte[] key) => Sign("HS256", claims, data => HMACSHA256.HashData(key, data));

        public static string Es256(JsonObject claims, ECDsa key) => Sign("ES256", claims, data => key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

        public static string Unsigned(JsonObject claims) => $"{Encode(Encoding.UTF8.GetBytes("{\"alg\":\"none\",\"typ\":\"JWT\"}"))}.{Encode(Encoding.UTF8.GetBytes(claims.ToJsonString()))}.c2ln";

        private static string Sign(string alg, JsonObject claims, Func<byte[], byte[]> sign)
        {
            string signed = $"{Encode(Encoding.UTF8.GetBytes($"{{\"alg\":\"{alg}\",\"typ\":\"JWT\"}}"))}.{Encode(Encoding.UTF8.GetBytes(claims.ToJsonString()))}";
            return $"{signed}.{Encode(sign(Encoding.ASCII.GetBytes(signed)))}";
        }

        private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
