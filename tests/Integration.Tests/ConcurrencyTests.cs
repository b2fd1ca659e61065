using System.Net;
using CredentialHub.Integration.Tests.Support;

namespace CredentialHub.Integration.Tests;

// 3. A burst larger than the workers and the queue: every request gets an orderly answer.
[Collection(PostgresAndRedisCollection.Name)]
public sealed class ConcurrencyTests(PostgresServer postgres)
{
    [Fact]
    public async Task Twenty_simultaneous_requests_are_accepted_or_refused_in_order_and_the_accepted_succeed()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["DATABASE_URL"] = HostProcess.DatabaseUrl(database.ConnectionString),
            ["MAX_CONCURRENT_PROOFS"] = "2",
            ["PROOF_QUEUE_CAPACITY"] = "3",
            ["PROOF_WAIT_SECONDS"] = "1",
        });

        using var start = new SemaphoreSlim(0);
        var requests = Enumerable.Range(0, 20).Select(async _ =>
        {
            await start.WaitAsync();
            return await Api.GenerateAsync(host.Http, Solvency.Id, Solvency.ExampleInputs());
        }).ToList();
        start.Release(20);
        var replies = await Task.WhenAll(requests);

        foreach (var reply in replies)
        {
            Assert.True(reply.Code is 200 or 202 or 429 or 503, $"unexpected answer to a burst request: {reply}");
            ProblemAssert.NoServerError(reply, "burst request");
            if (reply.Code is 429 or 503)
            {
                Assert.True(reply.MediaType == "application/problem+json" && reply.String("field") is not null, $"a refusal is not a problem document with a field: {reply}");
            }
        }
        var accepted = replies.Where(r => r.Code is 200 or 202).ToList();
        Assert.True(accepted.Count >= 1, "no request of the burst was accepted: " + string.Join("\n", replies.Select(r => r.ToString())));
        Assert.True(replies.Length - accepted.Count >= 1, "2 workers and a queue of 3 accepted all 20 simultaneous requests");

        foreach (var reply in accepted)
        {
            string id = reply.String("proof_id")!;
            var job = reply.Code == 200 ? reply.Json : await Api.WaitForProofAsync(host.Http, id, TimeSpan.FromSeconds(90));
            Assert.True(job.GetProperty("status").GetString() == "succeeded", $"accepted proof {id} did not succeed: {job}");
        }

        var (status, health) = await Api.HealthAsync(host.Http);
        Assert.True(status == HttpStatusCode.OK && health.GetProperty("status").GetString() == "healthy", $"after the burst: {status} {health}");
        await Api.ProveAsync(host.Http, Solvency.Id, Solvency.ExampleInputs());
    }
}
