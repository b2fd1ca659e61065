using System.Net;
using System.Text.RegularExpressions;
using CredentialHub.Integration.Tests.Support;

namespace CredentialHub.Integration.Tests;

// 8b. The host has one Redis connection: the rate limits, the nonces, the proof cache and the health check share it.
[Collection(PostgresAndRedisCollection.Name)]
public sealed partial class RedisConnectionTests(PostgresServer postgres)
{
    [Fact]
    public async Task The_rate_limits_nonces_proof_cache_and_health_check_share_one_Redis_connection()
    {
        // A Redis of its own, so that CLIENT LIST shows this host's connections only.
        using var ownRedis = new RedisServer();
        await using var database = await postgres.CreateDatabaseAsync();
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["DATABASE_URL"] = HostProcess.DatabaseUrl(database.ConnectionString),
            ["REDIS_URL"] = $"redis://127.0.0.1:{ownRedis.Port}",
            // Limits on (the test hosts turn them off by default), so that they are counted in Redis.
            ["RATE_LIMIT_PER_MINUTE"] = "1000",
            ["PROVE_RATE_LIMIT_PER_MINUTE"] = "1000",
        });

        // Every user of Redis at work: a proof (rate limit, then cached when read), a nonce, the health check.
        var proof = await Api.ProveAsync(host.Http, Solvency.Id, Solvency.ExampleInputs());
        string id = proof.GetProperty("proof_id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync(host.Http, $"/proofs/{id}")).Status);
        string nonce = await Api.ChallengeAsync(host.Http);
        var (status, health) = await Api.HealthAsync(host.Http);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("healthy", health.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());

        string contents = StoredData.DumpRedis(ownRedis.Port);
        Assert.Contains("credentialhub:ratelimit:", contents, StringComparison.Ordinal);
        Assert.Contains("credentialhub:nonce:" + nonce, contents, StringComparison.Ordinal);
        Assert.Contains("credentialhub:proofs:" + id.Replace("-", "", StringComparison.Ordinal), contents, StringComparison.Ordinal);

        // One multiplexer: one connection for commands (and at most its one subscription connection), where three
        // clients made three.
        var clients = StoredData.RedisClients(ownRedis.Port).Where(c => !Field(c, "cmd").StartsWith("client", StringComparison.Ordinal)).ToList();
        string list = string.Join('\n', clients);
        var commands = clients.Where(c => Field(c, "sub") == "0" && Field(c, "psub") == "0").ToList();
        Assert.True(commands.Count == 1, $"{commands.Count} command connections from the host, expected 1:\n{list}");
        Assert.True(clients.Count <= 2, $"{clients.Count} connections from the host, expected one multiplexer's (at most 2):\n{list}");
    }

    private static string Field(string client, string name) =>
        FieldPattern().Matches(client).FirstOrDefault(m => m.Groups[1].Value == name)?.Groups[2].Value ?? "";

    [GeneratedRegex(@"(?:^| )([a-z-]+)=(\S*)")]
    private static partial Regex FieldPattern();
}
