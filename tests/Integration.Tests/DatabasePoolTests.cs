using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CredentialHub.Integration.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace CredentialHub.Integration.Tests;

// Issue 13, item 5: a burst of verifications on a fresh host must not exhaust PostgreSQL's connections, and when the
// database is out of connections anyway the answer is 503 + Retry-After, never 500.
[Collection(PostgresAndRedisCollection.Name)]
public sealed class DatabasePoolTests(PostgresServer postgres, ITestOutputHelper output)
{
    private const string HostApplicationName = "credentialhub";

    private const string HoggerName = "connection-hog";

    [Fact]
    public async Task Four_hundred_simultaneous_verifications_on_a_fresh_host_all_succeed_within_one_pool_of_DB_POOL_SIZE()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        string url = HostProcess.DatabaseUrl(database.ConnectionString);
        JsonElement job;
        await using (var prover = await HostProcess.StartAsync(new Dictionary<string, string> { ["DATABASE_URL"] = url }))
        {
            job = await Api.ProveAsync(prover.Http, Solvency.Id, Solvency.ExampleInputs());
        }
        string byId = new JsonObject { ["proof_id"] = job.GetProperty("proof_id").GetString() }.ToJsonString();
        string inline = InlineVerification(job);

        // A fresh host on the defaults (DB_POOL_SIZE unset: 20), no Redis: every proof_id is read from PostgreSQL.
        const int poolSize = 20;
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string> { ["DATABASE_URL"] = url });
        await using var observer = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, ApplicationName = "pool-observer" }.ConnectionString);
        await observer.OpenAsync();

        using var burstOver = new CancellationTokenSource();
        int peak = 0;
        var names = new HashSet<string>(StringComparer.Ordinal);
        var sampler = Task.Run(async () =>
        {
            while (!burstOver.IsCancellationRequested)
            {
                var (count, seen) = await HostConnectionsAsync(observer, database.Name);
                peak = Math.Max(peak, count);
                names.UnionWith(seen);
                await Task.Delay(20);
            }
        });

        using var go = new SemaphoreSlim(0);
        var verifications = Enumerable.Range(0, 400).Select(async i =>
        {
            await go.WaitAsync();
            return await Api.PostJsonAsync(host.Http, "/proofs/verify", i % 2 == 0 ? byId : inline);
        }).ToList();
        // Readiness checks during the burst draw from the same pool.
        var healthChecks = Enumerable.Range(0, 10).Select(async _ =>
        {
            await go.WaitAsync();
            return await Api.GetAsync(host.Http, "/health");
        }).ToList();
        var clock = Stopwatch.StartNew();
        go.Release(verifications.Count + healthChecks.Count);
        var replies = await Task.WhenAll(verifications);
        var health = await Task.WhenAll(healthChecks);
        var elapsed = clock.Elapsed;
        await burstOver.CancelAsync();
        await sampler;

        string summary = $"{elapsed.TotalSeconds:0.0} s; " + string.Join(", ", replies.GroupBy(r => r.Code).Select(g => $"{g.Count()}× {g.Key}"));
        foreach (var reply in replies.Concat(health))
        {
            ProblemAssert.NoServerError(reply, $"burst ({summary})");
        }
        output.WriteLine($"burst: {summary}; health {string.Join(", ", health.Select(h => h.Code))}; peak {peak} connections");
        var failed = replies.Where(r => r.Status != HttpStatusCode.OK || !r.Json.GetProperty("valid").GetBoolean()).ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} of 400 verifications did not answer 200 valid ({summary}); first: {failed.FirstOrDefault()}");

        var (after, afterNames) = await HostConnectionsAsync(observer, database.Name);
        names.UnionWith(afterNames);
        Assert.True(peak <= poolSize && after <= poolSize, $"the host held {peak} connections at the peak of the burst and {after} after it; DB_POOL_SIZE is {poolSize} ({summary})");
        Assert.True(peak >= 1, "the sampler saw no connection of the host during the burst");
        Assert.True(names.SetEquals([HostApplicationName]), $"connections to the host's database carried application names {string.Join(", ", names)}; expected only {HostApplicationName}");
    }

    [Fact]
    public async Task With_every_server_connection_taken_requests_answer_503_with_Retry_After_and_200_once_connections_are_free()
    {
        // A server of the test's own with few connections, all of which the test takes: the host's connection attempts
        // meet PostgreSQL's 53300 (too_many_connections), as a host does beside other clients of a busy server.
        using var server = PostgresServer.StartCluster("max_connections=12", "superuser_reserved_connections=1");
        await using var database = await server.CreateDatabaseAsync();
        const int poolSize = 4;
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["DATABASE_URL"] = HostProcess.DatabaseUrl(database.ConnectionString),
            ["DB_POOL_SIZE"] = poolSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var job = await Api.ProveAsync(host.Http, Solvency.Id, Solvency.ExampleInputs());
        string proofId = job.GetProperty("proof_id").GetString()!;
        string inline = InlineVerification(job);
        var before = await Api.PostJsonAsync(host.Http, "/proofs/verify", inline);
        Assert.True(before.Status == HttpStatusCode.OK, $"before the exhaustion: {before}");

        var held = new List<NpgsqlConnection>();
        try
        {
            string holder = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, ApplicationName = HoggerName }.ConnectionString;
            await TakeEveryConnectionAsync(holder, held);

            var replies = new List<Reply>();
            for (int i = 0; i < 6; i++)
            {
                replies.Add(await Api.PostJsonAsync(host.Http, "/proofs/verify", inline));
            }
            replies.Add(await Api.PostJsonAsync(host.Http, "/proofs/verify", new JsonObject { ["proof_id"] = proofId }.ToJsonString()));
            replies.Add(await Api.GetAsync(host.Http, $"/proofs/{proofId}"));
            foreach (var reply in replies)
            {
                var problem = ProblemAssert.Problem(reply, HttpStatusCode.ServiceUnavailable, "database");
                Assert.True(reply.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, $"a 503 without a Retry-After in seconds: {reply}");
                Assert.Contains("temporarily unavailable", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
            var (healthStatus, health) = await Api.HealthAsync(host.Http);
            Assert.True(healthStatus == HttpStatusCode.ServiceUnavailable && health.GetProperty("checks").GetProperty("postgresql").GetProperty("status").GetString() == "unhealthy",
                $"/health with no connection to be had: {healthStatus} {health}");
            Assert.True(host.Output.Contains("SQLSTATE 53300", StringComparison.Ordinal), $"the host never met 53300 (too_many_connections): {host.Tail()}");
        }
        finally
        {
            foreach (var connection in held)
            {
                await connection.DisposeAsync();
            }
        }

        // Connections free again: the host serves again (a 503 + Retry-After meanwhile, never anything else).
        var clock = Stopwatch.StartNew();
        Reply after;
        do
        {
            after = await Api.PostJsonAsync(host.Http, "/proofs/verify", inline);
            Assert.True(after.Status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"after the connections were released: {after}");
            ProblemAssert.NoServerError(after, "after the connections were released");
            if (after.Status != HttpStatusCode.OK)
            {
                await Task.Delay(250);
            }
        }
        while (after.Status != HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(30));
        Assert.True(after.Status == HttpStatusCode.OK && after.Json.GetProperty("valid").GetBoolean(), $"no 200 within 30 s of releasing the connections: {after}");
        var byId = await Api.PostJsonAsync(host.Http, "/proofs/verify", new JsonObject { ["proof_id"] = proofId }.ToJsonString());
        Assert.True(byId.Status == HttpStatusCode.OK, $"verification by proof_id after the release: {byId}");

        await using var observer = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
        await observer.OpenAsync();
        var (count, _) = await HostConnectionsAsync(observer, database.Name);
        Assert.True(count <= poolSize, $"the host holds {count} connections; DB_POOL_SIZE is {poolSize}");
    }

    /// <summary>
    /// Opens connections until the server refuses with 53300, ending the host's own (idle, pooled) connections on the
    /// way so that the host has to ask the server for new ones; leaves the server with no connection to give.
    /// </summary>
    private static async Task TakeEveryConnectionAsync(string connectionString, List<NpgsqlConnection> held)
    {
        for (int round = 0; round < 5; round++)
        {
            bool refused = false;
            while (!refused && held.Count < 200)
            {
                var connection = new NpgsqlConnection(connectionString);
                try
                {
                    await connection.OpenAsync();
                    held.Add(connection);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.TooManyConnections)
                {
                    await connection.DisposeAsync();
                    refused = true;
                }
            }
            Assert.True(refused && held.Count > 0, $"the server never refused a connection ({held.Count} open)");
            // Every other connection to the database is the host's (whatever its application name).
            await using var command = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND application_name IS DISTINCT FROM @hog", held[0]);
            command.Parameters.AddWithValue("hog", HoggerName);
            if ((long)(await command.ExecuteScalarAsync())! == 0)
            {
                return;
            }
            // The ended connections' slots free up as their processes exit: take them too, then check again.
            await Task.Delay(200);
        }
        throw new Xunit.Sdk.XunitException("the host's connections kept coming back while the test took every connection");
    }

    /// <summary>Every connection to the database but the observer's own: how many, and their application names.</summary>
    private static async Task<(int Count, List<string> Names)> HostConnectionsAsync(NpgsqlConnection observer, string database)
    {
        await using var command = new NpgsqlCommand("SELECT application_name FROM pg_stat_activity WHERE datname = @database AND pid <> pg_backend_pid()", observer);
        command.Parameters.AddWithValue("database", database);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }
        return (names.Count, names);
    }

    private static string InlineVerification(JsonElement job) => new JsonObject
    {
        ["circuit_id"] = Solvency.Id,
        ["proof"] = JsonNode.Parse(job.GetProperty("proof").GetRawText()),
        ["public_signals"] = JsonNode.Parse(job.GetProperty("public_signals").GetRawText()),
    }.ToJsonString();
}
