using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CredentialHub.Integration.Tests.Support;
using Npgsql;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace CredentialHub.Integration.Tests;

// Issue 16, "Several instances": two hosts on one PostgreSQL and one Redis behind a real nginx (the shipped
// deploy/nginx/credentialhub.conf) work as one service.

/// <summary>The cluster the tests of <see cref="ScaleOutTests"/> share: default settings (limits off), generate answering 202 at once.</summary>
public sealed class ScaleOutFixture(PostgresServer postgres, RedisServer redis) : IAsyncLifetime
{
    private ScaleOutCluster? _cluster;

    internal ScaleOutCluster Cluster => _cluster ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _cluster = await ScaleOutCluster.StartAsync(postgres, redis);

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

/// <summary>Proofs, nonces, circuits, credentials and the client address across two instances and the balancer.</summary>
[Collection(PostgresAndRedisCollection.Name)]
public sealed class ScaleOutTests(ScaleOutFixture fixture) : IClassFixture<ScaleOutFixture>
{
    private ScaleOutCluster Cluster => fixture.Cluster;

    private static JsonNode Json(JsonElement element) => JsonNode.Parse(element.GetRawText())!;

    [Fact]
    public async Task A_proof_generated_through_the_balancer_is_polled_through_each_instance_and_verified_by_id_through_both()
    {
        var generated = await Api.GenerateAsync(Cluster.Http, Solvency.Id, Solvency.ExampleInputs());
        Assert.True(generated.Status == HttpStatusCode.Accepted, $"POST /proofs/generate through the balancer (PROOF_WAIT_SECONDS=0): {generated}\n{Cluster.Logs}");
        string id = generated.String("proof_id")!;

        var onA = await Api.WaitForProofAsync(Cluster.A.Http, id, TimeSpan.FromSeconds(90));
        var onB = await Api.WaitForProofAsync(Cluster.B.Http, id, TimeSpan.FromSeconds(90));
        Assert.True(onA.GetProperty("status").GetString() == "succeeded", $"through scale-a: {onA}");
        Assert.True(onB.GetProperty("status").GetString() == "succeeded", $"through scale-b: {onB}");
        Assert.Equal(Json(onA.GetProperty("proof")).ToJsonString(), Json(onB.GetProperty("proof")).ToJsonString());
        Assert.Equal(Json(onA.GetProperty("public_signals")).ToJsonString(), Json(onB.GetProperty("public_signals")).ToJsonString());

        foreach (var (name, http) in new[] { ("scale-a", Cluster.A.Http), ("scale-b", Cluster.B.Http), ("the balancer", Cluster.Http) })
        {
            var verified = await Api.PostJsonAsync(http, "/proofs/verify", new JsonObject { ["proof_id"] = id });
            Assert.True(verified.Status == HttpStatusCode.OK && verified.Json.GetProperty("valid").GetBoolean(), $"verify {id} by id through {name}: {verified}");
        }
    }

    [Fact]
    public async Task A_nonce_issued_by_one_instance_is_redeemed_exactly_once_across_both()
    {
        // Issued by scale-a, presented and redeemed through scale-b, replayed through scale-a and the balancer.
        string nonce = await Api.ChallengeAsync(Cluster.A.Http);
        await CredentialFlow.PresentAsync(Cluster.B.Http, nonce, expectValid: true);
        var proofId = await PresentationProofAsync(Cluster.Http, nonce);
        foreach (var (name, http) in new[] { ("scale-a", Cluster.A.Http), ("scale-b", Cluster.B.Http), ("the balancer", Cluster.Http) })
        {
            var replay = await Api.PostJsonAsync(http, "/proofs/verify", new JsonObject { ["proof_id"] = proofId, ["nonce"] = nonce });
            ProblemAssert.Problem(replay, HttpStatusCode.Conflict, "nonce");
        }

        // Twelve presentations of one fresh nonce at once, split over both instances and the balancer: one verifies.
        string raced = await Api.ChallengeAsync(Cluster.Http);
        string racedProof = await PresentationProofAsync(Cluster.Http, raced);
        HttpClient[] targets = [Cluster.A.Http, Cluster.B.Http, Cluster.Http];
        var racers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            Api.PostJsonAsync(targets[i % 3], "/proofs/verify", new JsonObject { ["proof_id"] = racedProof, ["nonce"] = raced })));
        Assert.True(racers.Count(r => r.Status == HttpStatusCode.OK && r.Json.GetProperty("valid").GetBoolean()) == 1,
            $"expected exactly one presentation to verify: {string.Join("\n", racers.Select(r => r.ToString()))}");
        Assert.Equal(11, racers.Count(r => r.Status == HttpStatusCode.Conflict));
        Assert.Contains("security event replay", Cluster.A.Output + Cluster.B.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_issuer_key_is_the_same_on_both_instances_and_a_credential_issued_by_one_is_presented_through_the_other()
    {
        var keysOnA = await Api.GetAsync(Cluster.A.Http, "/credentials/issuer-keys");
        var keysOnB = await Api.GetAsync(Cluster.B.Http, "/credentials/issuer-keys");
        Assert.True(keysOnA.Status == HttpStatusCode.OK && keysOnB.Status == HttpStatusCode.OK, $"issuer keys: {keysOnA} / {keysOnB}");
        Assert.Equal(JsonNode.Parse(keysOnA.Body)!.ToJsonString(), JsonNode.Parse(keysOnB.Body)!.ToJsonString());
        Assert.Single(keysOnA.Json.GetProperty("keys").EnumerateArray());

        var issued = await IssueAsync(Cluster.A.Http, "did:example:issued-by-a");
        string credentialId = issued.GetProperty("id").GetString()!["urn:uuid:".Length..];
        var readOnB = await Api.GetAsync(Cluster.B.Http, $"/credentials/{credentialId}");
        Assert.True(readOnB.Status == HttpStatusCode.OK, $"GET /credentials/{credentialId} through scale-b: {readOnB}");
        Assert.Equal(Json(issued.GetProperty("proof")).ToJsonString(), Json(readOnB.Json.GetProperty("proof")).ToJsonString());

        // Proved through scale-b (its signature checked against the shared issuer key inside the circuit), verified
        // through scale-a as from a trusted issuer.
        string nonce = await Api.ChallengeAsync(Cluster.B.Http);
        string proofId = await PresentationProofAsync(Cluster.B.Http, nonce, credentialId);
        var verified = await Api.PostJsonAsync(Cluster.A.Http, "/proofs/verify", new JsonObject { ["proof_id"] = proofId, ["nonce"] = nonce });
        Assert.True(verified.Status == HttpStatusCode.OK && verified.Json.GetProperty("valid").GetBoolean(), $"presentation through scale-a of a credential proved through scale-b: {verified}");
    }

    [Fact]
    public async Task A_circuit_uploaded_through_the_balancer_is_served_by_both_instances_at_once()
    {
        string id = $"solvency-scaled-{Guid.NewGuid():N}"[..32];
        // Megabytes of artifacts: through the balancer's /circuits location (CIRCUIT_UPLOAD_MAX_BYTES), not its 10 KB default.
        var created = await Api.SendAsync(Cluster.Http, HttpMethod.Post, "/circuits", CircuitFiles.Upload(id));
        Assert.True(created.Status == HttpStatusCode.Created, $"POST /circuits through the balancer: {created}\n{Cluster.Balancer.ErrorLog}");

        // No delay: every instance looks a circuit it has not loaded up in the shared database.
        foreach (var host in Cluster.Instances)
        {
            var one = await Api.GetAsync(host.Http, $"/circuits/{id}");
            Assert.True(one.Status == HttpStatusCode.OK && one.String("origin") == "registered", $"GET /circuits/{id} through {host.Address}: {one}");
            var list = await Api.GetAsync(host.Http, "/circuits");
            Assert.Contains(id, list.Json.GetProperty("circuits").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        }
        var job = await Api.ProveAsync(Cluster.B.Http, id, Solvency.ExampleInputs(), TimeSpan.FromSeconds(90));
        Assert.Equal(id, job.GetProperty("circuit_id").GetString());
        var verified = await Api.PostJsonAsync(Cluster.A.Http, "/proofs/verify", new JsonObject { ["proof_id"] = job.GetProperty("proof_id").GetString() });
        Assert.True(verified.Status == HttpStatusCode.OK && verified.Json.GetProperty("valid").GetBoolean(), $"verify through scale-a: {verified}");
    }

    [Fact]
    public async Task The_balancer_holds_bodies_to_the_services_caps_and_refuses_with_problem_documents()
    {
        // MAX_REQUEST_BYTES (10240): a body of exactly that size reaches an instance (which answers it: X-Request-Id),
        // one byte more is refused by nginx before any instance sees it.
        foreach (int size in new[] { 10240, 10241 })
        {
            string prefix = $$"""{"proof_id":"{{Guid.NewGuid()}}","padding":" """;
            string json = prefix + new string('x', size - Encoding.UTF8.GetByteCount(prefix) - 2) + "\"}";
            Assert.Equal(size, Encoding.UTF8.GetByteCount(json));
            var reply = await Api.PostJsonAsync(Cluster.Http, "/proofs/verify", json);
            if (size == 10240)
            {
                Assert.True(reply.Headers.Contains("X-Request-Id") && reply.Code is >= 400 and < 500 && reply.Code != 413, $"a {size}-byte body is for the service to judge: {reply}");
            }
            else
            {
                var problem = ProblemAssert.Problem(reply, HttpStatusCode.RequestEntityTooLarge, "body");
                Assert.Contains("load balancer", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
                Assert.False(reply.Headers.Contains("X-Request-Id"), $"the {size}-byte body reached an instance: {reply}");
            }
        }

        // CIRCUIT_UPLOAD_MAX_BYTES (64 MiB) for POST /circuits: a declared length one byte over is refused at once.
        var upload = await RawHttp.SendAsync(Cluster.Balancer.Address, $"POST /circuits HTTP/1.1\r\nX-API-Key: {Cluster.A.ApiKey}\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: {(64L << 20) + 1}");
        Assert.True(upload.Status == 413 && upload.MediaType == "application/problem+json", $"a 64 MiB + 1 upload: {upload}");
        Assert.Equal("body", upload.Json.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Behind_the_balancer_an_instance_sees_the_clients_address_and_never_one_the_client_wrote()
    {
        // No API key: a 401 whose audit line names the client address the instance settled on.
        var client = ScaleOutCluster.FreshClientAddress();
        using var viaBalancer = Cluster.Client(Cluster.Balancer.Address, client, apiKey: null);
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/proofs/challenges") { Content = new StringContent("{}", Encoding.UTF8, "application/json") })
        {
            request.Headers.Add("X-Forwarded-For", "203.0.113.9");
            using var response = await viaBalancer.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        string line = await AuditLineAsync(client);
        Assert.Contains("POST /proofs/challenges", line, StringComparison.Ordinal);

        // Straight to an instance from an address it does not trust: the header is ignored.
        var direct = ScaleOutCluster.FreshClientAddress();
        using var toA = Cluster.Client(Cluster.A.Address, direct, apiKey: null);
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/proofs/00000000-0000-0000-0000-000000000000"))
        {
            request.Headers.Add("X-Forwarded-For", "203.0.113.9");
            using var response = await toA.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        await AuditLineAsync(direct);
        Assert.DoesNotContain("client 203.0.113.9", Cluster.A.Output + Cluster.B.Output, StringComparison.Ordinal);
    }

    /// <summary>The audit line naming this client (bounded wait: the log is written asynchronously).</summary>
    private async Task<string> AuditLineAsync(IPAddress client)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            string? line = (Cluster.A.Output + Cluster.B.Output).Split('\n')
                .FirstOrDefault(l => l.Contains("security event", StringComparison.Ordinal) && l.Contains($"client {client})", StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"no audit line names client {client}:\n{Cluster.Logs}");
            await Task.Delay(100);
        }
    }

    private static async Task<JsonElement> IssueAsync(HttpClient http, string subject)
    {
        var issued = await Api.PostJsonAsync(http, "/credentials", new JsonObject
        {
            ["subject"] = subject,
            ["type"] = "Membership",
            ["attributes"] = new JsonArray(new JsonObject { ["name"] = "level", ["type"] = "integer", ["value"] = 3 }),
        });
        Assert.True(issued.Status == HttpStatusCode.Created, $"POST /credentials: {issued}");
        return issued.Json;
    }

    /// <summary>A finished presentation proof bound to <paramref name="nonce"/> (of a new credential unless one is given); its id.</summary>
    private static async Task<string> PresentationProofAsync(HttpClient http, string nonce, string? credentialId = null)
    {
        credentialId ??= (await IssueAsync(http, "did:example:holder")).GetProperty("id").GetString()!["urn:uuid:".Length..];
        var reply = await Api.PostJsonAsync(http, "/proofs/generate", new JsonObject
        {
            ["circuit_id"] = CredentialFlow.Circuit,
            ["credential_id"] = credentialId,
            ["reveal_attributes"] = new JsonArray("level"),
            ["nonce"] = nonce,
        });
        Assert.True(reply.Status is HttpStatusCode.OK or HttpStatusCode.Accepted, $"POST /proofs/generate from a credential: {reply}");
        string id = reply.String("proof_id")!;
        var job = await Api.WaitForProofAsync(http, id, TimeSpan.FromSeconds(90));
        Assert.True(job.GetProperty("status").GetString() == "succeeded", $"presentation proof {id}: {job}");
        return id;
    }
}

/// <summary>Tests that start a cluster of their own: low rate limits, or an instance killed.</summary>
[Collection(PostgresAndRedisCollection.Name)]
public sealed class ScaleOutOwnClusterTests(PostgresServer postgres, RedisServer redis)
{
    [Fact]
    public async Task Rate_limits_are_one_budget_for_requests_split_over_both_instances_and_the_balancer()
    {
        await using var cluster = await ScaleOutCluster.StartAsync(postgres, redis, new Dictionary<string, string>
        {
            ["RATE_LIMIT_PER_MINUTE"] = "6",
            ["PROVE_RATE_LIMIT_PER_MINUTE"] = "2",
            ["RATE_LIMIT_BURST"] = "0",
        });
        // One client (one address of its own, one API key) calling both instances directly and through the balancer.
        var address = ScaleOutCluster.FreshClientAddress();
        using var toA = cluster.Client(cluster.A.Address, address, cluster.A.ApiKey);
        using var toB = cluster.Client(cluster.B.Address, address, cluster.A.ApiKey);
        using var viaBalancer = cluster.Client(cluster.Balancer.Address, address, cluster.A.ApiKey);

        for (int i = 0; i < 6; i++)
        {
            var reply = await Api.PostJsonAsync(i % 2 == 0 ? toA : toB, "/proofs/challenges", "{}");
            Assert.True(reply.Status == HttpStatusCode.OK, $"challenge {i + 1} of 6 (through {(i % 2 == 0 ? "scale-a" : "scale-b")}): {reply}");
        }
        // The seventh is over the one budget of 6 whichever way it comes. Through the balancer it is refused for the
        // client's address: the instance saw the client's, not the balancer's (whose window would still be open, leaving
        // the caller's to refuse it).
        foreach (var (name, http) in new[] { ("scale-a", toA), ("scale-b", toB), ("the balancer", viaBalancer) })
        {
            var refused = await Api.PostJsonAsync(http, "/proofs/challenges", "{}");
            var problem = ProblemAssert.Problem(refused, HttpStatusCode.TooManyRequests, "request");
            Assert.Contains("per client address", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"429 through {name} without Retry-After: {refused}");
        }
        // Another client through the same balancer has a budget of its own.
        using var other = cluster.Client(cluster.Balancer.Address, ScaleOutCluster.FreshClientAddress(), cluster.B.ApiKey);
        var allowed = await Api.PostJsonAsync(other, "/proofs/challenges", "{}");
        Assert.True(allowed.Status == HttpStatusCode.OK, $"another client through the balancer: {allowed}");

        // Proving has its own budget (2 a minute), shared the same way.
        var first = await Api.GenerateAsync(toA, Solvency.Id, Solvency.ExampleInputs());
        var second = await Api.GenerateAsync(toB, Solvency.Id, Solvency.ExampleInputs());
        Assert.True(first.Status == HttpStatusCode.Accepted && second.Status == HttpStatusCode.Accepted, $"two proofs: {first} / {second}");
        var third = await Api.GenerateAsync(viaBalancer, Solvency.Id, Solvency.ExampleInputs());
        var proving = ProblemAssert.Problem(third, HttpStatusCode.TooManyRequests, "request");
        Assert.Contains("proving limit of 2", proving.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("rate-limited: address over", cluster.A.Output + cluster.B.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_killed_instances_queued_jobs_end_interrupted_by_the_survivor_while_the_balancer_answers_through_it()
    {
        await using var cluster = await ScaleOutCluster.StartAsync(postgres, redis, new Dictionary<string, string>
        {
            ["MAX_CONCURRENT_PROOFS"] = "1",
            ["PROOF_QUEUE_CAPACITY"] = "100",
        });
        // Jobs pile up on scale-a (one worker), then it is killed with kill -9.
        var submitted = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Api.GenerateAsync(cluster.A.Http, Solvency.Id, Solvency.ExampleInputs())));
        Assert.All(submitted, reply => Assert.True(reply.Status == HttpStatusCode.Accepted, $"POST /proofs/generate to scale-a: {reply}"));
        var ids = submitted.Select(r => r.String("proof_id")!).ToList();
        await cluster.A.KillAsync();
        var sinceDeath = Stopwatch.StartNew();
        var atKill = await JobsAsync(cluster.DatabaseConnectionString);
        string StateAtKill(string id) => atKill.GetValueOrDefault(id, "not stored");
        var unfinished = ids.Where(id => StateAtKill(id) is "Queued" or "Running").ToList();
        Assert.True(unfinished.Count >= 2, $"the test needs jobs still queued at the kill; the database held: {string.Join(", ", ids.Select(StateAtKill))}");

        // The balancer answers through the survivor at once: reads (retried on the next instance when the first refuses
        // the connection) and new proofs (a POST that never reached the dead instance goes to the next one).
        for (int i = 0; i < 6; i++)
        {
            var health = await Api.GetAsync(cluster.Http, "/health/live");
            Assert.True(health.Status == HttpStatusCode.OK, $"GET /health/live through the balancer after the kill: {health}\n{cluster.Balancer.ErrorLog}");
            var job = await Api.GetAsync(cluster.Http, $"/proofs/{ids[i]}");
            Assert.True(job.Status == HttpStatusCode.OK, $"GET /proofs/{ids[i]} through the balancer after the kill: {job}\n{cluster.Balancer.ErrorLog}");
        }
        var fresh = await Api.ProveAsync(cluster.Http, Solvency.Id, Solvency.ExampleInputs(), TimeSpan.FromSeconds(90));
        Assert.Equal("succeeded", fresh.GetProperty("status").GetString());

        // The survivor ends the dead instance's unfinished jobs when their lease (15 s, renewed every 5 s) runs out.
        var ended = new Dictionary<string, JsonElement>();
        while (ended.Count < unfinished.Count)
        {
            foreach (string id in unfinished.Where(id => !ended.ContainsKey(id)))
            {
                var reply = await Api.GetAsync(cluster.Http, $"/proofs/{id}");
                Assert.True(reply.Status == HttpStatusCode.OK, $"GET /proofs/{id} through the balancer: {reply}");
                if (reply.String("status") is "succeeded" or "failed")
                {
                    ended[id] = reply.Json;
                }
            }
            Assert.True(sinceDeath.Elapsed < TimeSpan.FromSeconds(60),
                $"{unfinished.Count - ended.Count} of the killed instance's jobs still unfinished {sinceDeath.Elapsed.TotalSeconds:0} s after the kill\n{cluster.Logs}");
            if (ended.Count < unfinished.Count)
            {
                await Task.Delay(250);
            }
        }
        var took = sinceDeath.Elapsed;
        foreach (var (id, job) in ended)
        {
            Assert.True(job.GetProperty("status").GetString() == "failed", $"job {id} was {StateAtKill(id)} at the kill: {job}");
            var error = job.GetProperty("error");
            Assert.Equal("interrupted", error.GetProperty("code").GetString());
            Assert.Contains("resubmit the request", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        // Ended by the survivor's sweep, within the lease and a sweep or two: not before the lease ran out, well within
        // the 30 s target of issue 13 on an idle machine (60 s allowed above for a loaded one).
        Assert.Contains("whose instance stopped before finishing them", cluster.B.Output, StringComparison.Ordinal);
        Assert.True(took > TimeSpan.FromSeconds(5), $"the jobs ended {took.TotalSeconds:0.0} s after the kill, before any lease could run out");
        Console.WriteLine($"scale-out: {unfinished.Count} jobs of the killed instance ended 'interrupted' {took.TotalSeconds:0.0} s after the kill");
    }

    private static async Task<Dictionary<string, string>> JobsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id::text, status FROM proofs.proofs", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var jobs = new Dictionary<string, string>();
        while (await reader.ReadAsync())
        {
            jobs[reader.GetString(0)] = reader.GetString(1);
        }
        return jobs;
    }
}

/// <summary>What deploy/ ships, checked without running it: nginx accepts its configuration, the compose file is whole.</summary>
public sealed partial class ScaleOutDeployTests
{
    private static readonly Uri[] TestUpstreams = [new("http://127.0.0.1:18081"), new("http://127.0.0.1:18082")];

    [Fact]
    public async Task Nginx_accepts_the_shipped_configuration_pointed_at_two_instances()
    {
        string site = NginxServer.Site(TestUpstreams, 18080);
        Assert.Contains("server 127.0.0.1:18081 max_fails=2 fail_timeout=10s;", site, StringComparison.Ordinal);
        Assert.Contains("server 127.0.0.1:18082 max_fails=2 fail_timeout=10s;", site, StringComparison.Ordinal);
        Assert.Contains("listen 127.0.0.1:18080;", site, StringComparison.Ordinal);
        var result = await NginxServer.TestAsync(site);
        Assert.True(result.ExitCode == 0 && result.Output.Contains("test is successful", StringComparison.Ordinal), $"nginx -t: {result.Output}");

        // The check can fail: a directive nginx does not know is refused.
        var broken = await NginxServer.TestAsync(site.Replace("proxy_read_timeout 60s;", "proxy_read_timeout 60s; proxy_bogus on;", StringComparison.Ordinal));
        Assert.True(broken.ExitCode != 0 && broken.Output.Contains("proxy_bogus", StringComparison.Ordinal), $"nginx -t of a broken site: {broken.Output}");
    }

    [Fact]
    public async Task With_no_instance_answering_the_balancer_tries_each_and_answers_a_503_problem_with_Retry_After()
    {
        // Two ports nothing listens on.
        Uri[] dead = [new($"http://127.0.0.1:{Loopback.FreePort()}"), new($"http://127.0.0.1:{Loopback.FreePort()}")];
        await using var balancer = await NginxServer.StartAsync(dead);
        using var http = new HttpClient { BaseAddress = balancer.Address, Timeout = TimeSpan.FromSeconds(60) };
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
        {
            var reply = await Api.SendAsync(http, method, "/proofs/00000000-0000-0000-0000-000000000000", method == HttpMethod.Post ? new StringContent("{}", Encoding.UTF8, "application/json") : null);
            var problem = ProblemAssert.Problem(reply, HttpStatusCode.ServiceUnavailable, "request");
            Assert.Contains("no instance of the service could answer", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(TimeSpan.FromSeconds(5), reply.Headers.RetryAfter?.Delta);
        }
        // Each request was offered to both instances (a connection refused is passed to the next), the POST included:
        // it never reached one.
        var lines = balancer.ErrorLog.Split('\n');
        foreach (string method in new[] { "GET", "POST" })
        {
            foreach (var upstream in dead)
            {
                Assert.True(lines.Any(l => l.Contains($"request: \"{method} /proofs/", StringComparison.Ordinal) && l.Contains($"upstream: \"http://127.0.0.1:{upstream.Port}/", StringComparison.Ordinal)),
                    $"the {method} was not offered to {upstream}:\n{balancer.ErrorLog}");
            }
        }
    }

    [Fact]
    public void The_shipped_nginx_configuration_matches_the_services_limits_and_never_resends_a_post()
    {
        string site = File.ReadAllText(NginxServer.ShippedSite);
        string Uncommented(string text) => string.Join('\n', text.Split('\n').Select(l => l.Split('#')[0]));
        string directives = Uncommented(site);
        // MAX_REQUEST_BYTES (10240) everywhere, CIRCUIT_UPLOAD_MAX_BYTES (64 MiB) for uploads only.
        var sizes = BodySize().Matches(directives).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["10k", "64m"], sizes);
        Assert.Matches(@"location /circuits \{\s*client_max_body_size 64m;", directives);
        // Longer than PROOF_WAIT_SECONDS (15 by default) with room to spare.
        Assert.True(int.Parse(Regex.Match(directives, @"proxy_read_timeout (\d+)s;").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 30);
        // Passive health checks on every server line; retries only of what could not be sent or is idempotent.
        Assert.All(Regex.Matches(directives, @"^\s*server\s+\S+:\d+([^;]*);", RegexOptions.Multiline), m => Assert.Contains("max_fails=", m.Groups[1].Value, StringComparison.Ordinal));
        Assert.Matches(@"proxy_next_upstream error timeout;", directives);
        Assert.DoesNotContain("non_idempotent", directives, StringComparison.Ordinal);
        Assert.Contains("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;", directives, StringComparison.Ordinal);
        Assert.Contains("proxy_set_header X-Forwarded-Proto $scheme;", directives, StringComparison.Ordinal);
    }

    [Fact]
    public void The_compose_file_runs_postgres_redis_two_instances_of_the_repositorys_image_and_the_balancer()
    {
        string deploy = Repository.Path("deploy");
        var compose = Yaml(File.ReadAllText(Path.Combine(deploy, "docker-compose.yml")));
        var services = Map(compose["services"]);
        Assert.Equal(["balancer", "instance-1", "instance-2", "postgres", "redis"], services.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith("postgres:", Scalar(Map(services["postgres"])["image"]), StringComparison.Ordinal);
        Assert.StartsWith("redis:", Scalar(Map(services["redis"])["image"]), StringComparison.Ordinal);

        var balancer = Map(services["balancer"]);
        Assert.StartsWith("nginx:", Scalar(balancer["image"]), StringComparison.Ordinal);
        string mount = Assert.Single(List(balancer["volumes"]).Select(Scalar));
        Assert.Equal("./nginx/credentialhub.conf:/etc/nginx/conf.d/default.conf:ro", mount);
        Assert.True(File.Exists(Path.Combine(deploy, "nginx", "credentialhub.conf")));
        string balancerAddress = Scalar(Map(Map(balancer["networks"])["backend"])["ipv4_address"]);

        // The balancer's upstream names exactly the instances, on the port the image listens on.
        var upstream = Regex.Matches(File.ReadAllText(NginxServer.ShippedSite), @"^\s*server\s+([^\s:;]+):(\d+)", RegexOptions.Multiline);
        Assert.Equal(["instance-1", "instance-2"], upstream.Select(m => m.Groups[1].Value));
        Assert.All(upstream, m => Assert.Equal("8080", m.Groups[2].Value));
        Assert.Contains("ASPNETCORE_URLS=http://0.0.0.0:8080", File.ReadAllText(Repository.Path("Dockerfile")), StringComparison.Ordinal);

        var names = new HashSet<string>();
        int pools = 0;
        foreach (string name in new[] { "instance-1", "instance-2" })
        {
            var instance = Map(services[name]);
            var build = Map(instance["build"]);
            Assert.True(File.Exists(Path.GetFullPath(Path.Combine(deploy, Scalar(build["context"]), Scalar(build["dockerfile"])))), $"{name} builds from a Dockerfile that is not there");
            Assert.Equal(Path.GetFullPath(Repository.Root), Path.GetFullPath(Path.Combine(deploy, Scalar(build["context"]))).TrimEnd('/'));
            var environment = Map(instance["environment"]);
            // The secret comes from the operator's .env, never from the file; the same reference on both instances.
            Assert.StartsWith("${SECRET_KEY:?", Scalar(environment["SECRET_KEY"]), StringComparison.Ordinal);
            Assert.Matches(@"^postgresql://credentialhub:\$\{POSTGRES_PASSWORD:\?[^}]*\}@postgres:5432/credentialhub$", Scalar(environment["DATABASE_URL"]));
            Assert.Equal("redis://redis:6379", Scalar(environment["REDIS_URL"]));
            Assert.Equal(balancerAddress, Scalar(environment["TRUSTED_PROXIES"]));
            Assert.True(names.Add(Scalar(environment["INSTANCE_NAME"])), $"{name}: INSTANCE_NAME is shared");
            pools += int.Parse(Scalar(environment["DB_POOL_SIZE"]), System.Globalization.CultureInfo.InvariantCulture);
            var dependsOn = Map(instance["depends_on"]);
            Assert.Equal(["postgres", "redis"], dependsOn.Keys.Order(StringComparer.Ordinal));
        }
        // instances × DB_POOL_SIZE + headroom ≤ max_connections.
        var command = List(Map(services["postgres"])["command"]).Select(Scalar).ToList();
        int maxConnections = int.Parse(command.Single(c => c.StartsWith("max_connections=", StringComparison.Ordinal))["max_connections=".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(pools + 10 <= maxConnections, $"{pools} pooled connections leave too little of max_connections={maxConnections}");

        // No secret committed: the operator writes .env from the example, which holds none, and git ignores it.
        Assert.Contains(".env", File.ReadAllText(Path.Combine(deploy, ".gitignore")).Split('\n'));
        var example = File.ReadAllLines(Path.Combine(deploy, ".env.example")).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Equal(["SECRET_KEY=", "POSTGRES_PASSWORD="], example);
    }

    private static Dictionary<string, object> Yaml(string text)
    {
        // Merge keys (<<: *instance) resolved as docker compose resolves them.
        var deserializer = new DeserializerBuilder().Build();
        return Map(deserializer.Deserialize<object>(new MergingParser(new Parser(new StringReader(text))))!);
    }

    private static Dictionary<string, object> Map(object node) =>
        Assert.IsType<Dictionary<object, object>>(node).ToDictionary(e => Scalar(e.Key), e => e.Value);

    private static List<object> List(object node) => Assert.IsType<List<object>>(node);

    private static string Scalar(object node) => Assert.IsType<string>(node);

    [GeneratedRegex(@"client_max_body_size\s+(\S+);")]
    private static partial Regex BodySize();
}
