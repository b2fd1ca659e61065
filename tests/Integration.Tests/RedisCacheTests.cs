using System.Diagnostics;
using System.Net;
using CredentialHub.Integration.Tests.Support;

namespace CredentialHub.Integration.Tests;

// 8. Redis is an optimisation only: losing it mid-flight costs no request.
public sealed partial class MainHostTests
{
    [Fact]
    public async Task Proofs_are_served_with_redis_without_it_and_after_it_returns()
    {
        var redis = main.Redis;
        redis.Start();
        try
        {
            string first = (await Api.ProveAsync(Http, Solvency.Id, Solvency.ExampleInputs())).GetProperty("proof_id").GetString()!;
            await AssertProofServedAsync(first, "with Redis");
            Assert.Contains(first.Replace("-", "", StringComparison.Ordinal), StoredData.DumpRedis(redis.Port), StringComparison.Ordinal);

            redis.Stop();
            await AssertProofServedAsync(first, "Redis stopped (cached before)");
            string during = (await Api.ProveAsync(Http, Solvency.Id, Solvency.ExampleInputs())).GetProperty("proof_id").GetString()!;
            await AssertProofServedAsync(during, "Redis stopped (made without it)");
            var health = await Api.GetAsync(Http, "/health");
            ProblemAssert.NoServerError(health, "GET /health with Redis stopped");

            redis.Start();
            await AssertProofServedAsync(first, "Redis back");
            await AssertProofServedAsync(during, "Redis back");
            string after = (await Api.ProveAsync(Http, Solvency.Id, Solvency.ExampleInputs())).GetProperty("proof_id").GetString()!;
            await AssertProofServedAsync(after, "Redis back (made after)");

            // The cache is used again once the client has reconnected (bounded wait).
            var clock = Stopwatch.StartNew();
            string key = after.Replace("-", "", StringComparison.Ordinal);
            while (!StoredData.DumpRedis(redis.Port).Contains(key, StringComparison.Ordinal))
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "20 s after Redis came back the cache still holds none of the proofs read since");
                await Task.Delay(500);
                await AssertProofServedAsync(after, "Redis back");
            }
        }
        finally
        {
            redis.Start();
        }
    }

    private async Task AssertProofServedAsync(string id, string when)
    {
        var clock = Stopwatch.StartNew();
        var reply = await Api.GetAsync(Http, $"/proofs/{id}");
        Assert.True(reply.Status == HttpStatusCode.OK, $"GET /proofs/{id} ({when}): {reply}");
        Assert.Equal("succeeded", reply.String("status"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"GET /proofs/{id} ({when}) took {clock.Elapsed.TotalSeconds:0.0} s");
    }
}
