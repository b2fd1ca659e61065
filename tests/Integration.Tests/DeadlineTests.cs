using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using CredentialHub.Integration.Tests.Support;

namespace CredentialHub.Integration.Tests;

// 4. A proof past its deadline fails as such and frees its worker.
[Collection(PostgresAndRedisCollection.Name)]
public sealed partial class DeadlineTests(PostgresServer postgres)
{
    [Fact]
    public async Task Proofs_past_their_deadline_fail_promptly_and_free_the_worker()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        string databaseUrl = HostProcess.DatabaseUrl(database.ConnectionString);
        var ids = new List<string>();
        await using (var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["DATABASE_URL"] = databaseUrl,
            ["MAX_CONCURRENT_PROOFS"] = "1",
            // The shortest deadline the settings allow: a solvency proof (witness, prove, verify) takes 40-60 ms here,
            // so 50 ms was sometimes enough to finish it.
            ["PROOF_TIMEOUT_SECONDS"] = "0.01",
            ["PROOF_WAIT_SECONDS"] = "10",
        }))
        {
            for (int attempt = 0; attempt < 5; attempt++)
            {
                var clock = Stopwatch.StartNew();
                var reply = await Api.GenerateAsync(host.Http, Solvency.Id, Solvency.ExampleInputs());
                var elapsed = clock.Elapsed;
                var problem = ProblemAssert.Problem(reply, HttpStatusCode.GatewayTimeout, "inputs");
                Assert.Contains("deadline", problem.GetProperty("title").GetString()!, StringComparison.OrdinalIgnoreCase);
                // With one worker, a worker still busy with an abandoned proof would hold this request in the queue.
                // A free worker answers in ~0.1-0.3 s (the first request also warms up).
                var bound = TimeSpan.FromSeconds(attempt == 0 ? 5 : 2);
                Assert.True(elapsed < bound, $"attempt {attempt}: the deadline failure took {elapsed.TotalSeconds:0.00} s with a 0.01 s deadline (bound {bound.TotalSeconds} s)");
                var id = ProofId().Match(problem.GetProperty("detail").GetString() ?? "");
                Assert.True(id.Success, $"the problem names no proof id: {reply}");
                ids.Add(id.Value);

                var job = await Api.GetAsync(host.Http, $"/proofs/{id.Value}");
                Assert.True(job.Status == HttpStatusCode.OK, $"GET /proofs/{id.Value}: {job}");
                Assert.Equal("failed", job.String("status"));
                Assert.Equal("deadline", job.Json.GetProperty("error").GetProperty("code").GetString());
            }
            // A failed job has no proof to verify.
            var verify = await Api.PostJsonAsync(host.Http, "/proofs/verify", new System.Text.Json.Nodes.JsonObject { ["proof_id"] = ids[0] });
            ProblemAssert.Problem(verify, HttpStatusCode.Conflict, "proof_id");
            var (status, health) = await Api.HealthAsync(host.Http);
            Assert.True(status == HttpStatusCode.OK && health.GetProperty("status").GetString() == "healthy", $"after deadline failures: {status} {health}");
        }

        // The same database under a host with the ordinary deadline: the failures are remembered and proofs are made.
        await using var normal = await HostProcess.StartAsync(new Dictionary<string, string> { ["DATABASE_URL"] = databaseUrl, ["MAX_CONCURRENT_PROOFS"] = "1" });
        var earlier = await Api.GetAsync(normal.Http, $"/proofs/{ids[0]}");
        Assert.True(earlier.Status == HttpStatusCode.OK && earlier.String("status") == "failed", $"GET /proofs/{ids[0]} on the second host: {earlier}");
        await Api.ProveAsync(normal.Http, Solvency.Id, Solvency.ExampleInputs());
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex ProofId();
}
