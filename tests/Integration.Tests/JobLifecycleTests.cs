using System.Diagnostics;
using System.Net;
using CredentialHub.Integration.Tests.Support;
using Npgsql;

namespace CredentialHub.Integration.Tests;

// Issue 13: every job a client can poll reaches an end. A killed instance's jobs end as failed 'interrupted' (at its
// restart, or by another instance while it stays dead); a stopped instance finishes its running proof and ends its
// queued jobs as 'shutting-down'.
[Collection(PostgresAndRedisCollection.Name)]
public sealed class JobLifecycleTests(PostgresServer postgres, RedisServer redis)
{
    /// <summary>The target: every job of a killed instance is final within 30 s of its death.</summary>
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(30);

    /// <summary>One worker and an immediate 202: the jobs pile up in the queue.</summary>
    private static Dictionary<string, string> Queueing(TestDatabase database) => new()
    {
        ["DATABASE_URL"] = HostProcess.DatabaseUrl(database.ConnectionString),
        ["MAX_CONCURRENT_PROOFS"] = "1",
        ["PROOF_QUEUE_CAPACITY"] = "200",
        ["PROOF_WAIT_SECONDS"] = "0",
    };

    /// <summary>Submits jobs at once; returns their ids (each answered 202, or 200 if already made).</summary>
    private static async Task<List<string>> SubmitAsync(RunningHost host, int count)
    {
        var replies = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Api.GenerateAsync(host.Http, Solvency.Id, Solvency.ExampleInputs())));
        foreach (var reply in replies)
        {
            Assert.True(reply.Status is HttpStatusCode.Accepted or HttpStatusCode.OK, $"POST /proofs/generate: {reply}");
        }
        return [.. replies.Select(r => r.String("proof_id")!)];
    }

    private static async Task<Dictionary<string, (string Status, string? Code)>> JobsAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id::text, status, error_code FROM proofs.proofs", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var jobs = new Dictionary<string, (string, string?)>();
        while (await reader.ReadAsync())
        {
            jobs[reader.GetString(0)] = (reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
        }
        return jobs;
    }

    private static int Unfinished(Dictionary<string, (string Status, string? Code)> jobs) => jobs.Values.Count(j => j.Status is "Queued" or "Running");

    private static string Describe(Dictionary<string, (string Status, string? Code)> jobs) =>
        string.Join(", ", jobs.Values.GroupBy(j => $"{j.Status}/{j.Code}").Select(g => $"{g.Key}: {g.Count()}"));

    /// <summary>Kills the host (SIGKILL: no shutdown code runs) and returns the jobs as the database holds them then.</summary>
    private static async Task<Dictionary<string, (string Status, string? Code)>> KillAsync(RunningHost host, TestDatabase database)
    {
        host.Process.Kill();
        await host.Process.WaitForExitAsync();
        var left = await JobsAsync(database);
        Assert.True(Unfinished(left) > 0, $"the test needs unfinished jobs at the kill (the proofs were all made first: {Describe(left)}); submit more");
        return left;
    }

    /// <summary>Polls the database until no job is queued or running; returns how long it took.</summary>
    private static async Task<TimeSpan> UntilAllFinalAsync(TestDatabase database, Stopwatch since, TimeSpan limit)
    {
        while (true)
        {
            var jobs = await JobsAsync(database);
            if (Unfinished(jobs) == 0)
            {
                return since.Elapsed;
            }
            Assert.True(since.Elapsed < limit, $"jobs still unfinished {since.Elapsed.TotalSeconds:0} s after the kill: {Describe(jobs)}");
            await Task.Delay(250);
        }
    }

    private static async Task AssertInterruptedAsync(RunningHost reader, IEnumerable<string> ids, Dictionary<string, (string Status, string? Code)> atKill)
    {
        foreach (string id in ids)
        {
            var job = await Api.GetAsync(reader.Http, $"/proofs/{id}");
            Assert.True(job.Status == HttpStatusCode.OK, $"GET /proofs/{id}: {job}");
            string status = job.String("status")!;
            if (atKill[id].Status is "Queued" or "Running")
            {
                Assert.True(status == "failed", $"job {id} was {atKill[id].Status} at the kill and is {status} now: {job}");
                var error = job.Json.GetProperty("error");
                Assert.Equal("interrupted", error.GetProperty("code").GetString());
                Assert.Contains("resubmit the request", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            }
            else
            {
                Assert.True(status == "succeeded", $"job {id} had finished before the kill and is {status} now: {job}");
            }
        }
    }

    [Fact]
    public async Task Jobs_of_a_killed_host_end_as_interrupted_when_it_restarts()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        var environment = Queueing(database);
        // The same instance coming back (the tests pick a new port per start, so the name is set as an operator would).
        environment["INSTANCE_NAME"] = "worker-a";
        List<string> ids;
        Dictionary<string, (string Status, string? Code)> atKill;
        await using (var first = await HostProcess.StartAsync(environment))
        {
            ids = await SubmitAsync(first, 30);
            atKill = await KillAsync(first, database);
        }
        await using var second = await HostProcess.StartAsync(environment);
        // At the restart: the jobs are final within moments of the host answering (timed from then, so that a slow start
        // on a loaded machine does not count), not when the dead life's leases (15 s) run out; the log line below says
        // which sweep ended them.
        var clock = Stopwatch.StartNew();
        var took = await UntilAllFinalAsync(database, clock, TimeSpan.FromSeconds(10));
        Assert.True(took < TimeSpan.FromSeconds(10), $"took {took}");
        await AssertInterruptedAsync(second, ids, atKill);
        Assert.Contains("whose instance stopped before finishing them", second.Output, StringComparison.Ordinal);
        // The restarted host works normally.
        await Api.ProveAsync(second.Http, Solvency.Id, Solvency.ExampleInputs());
    }

    [Fact]
    public async Task Another_live_instance_ends_a_killed_instances_jobs_within_30_seconds()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        var environment = Queueing(database);
        await using var survivor = await HostProcess.StartAsync(environment);
        List<string> ids;
        Dictionary<string, (string Status, string? Code)> atKill;
        Stopwatch sinceDeath;
        await using (var victim = await HostProcess.StartAsync(environment))
        {
            ids = await SubmitAsync(victim, 30);
            atKill = await KillAsync(victim, database);
            sinceDeath = Stopwatch.StartNew();
        }
        var took = await UntilAllFinalAsync(database, sinceDeath, Target);
        Assert.True(took < Target, $"the jobs of the killed instance became final only after {took.TotalSeconds:0.0} s");
        await AssertInterruptedAsync(survivor, ids, atKill);
        // The survivor's own jobs are untouched by its sweeps.
        var job = await Api.ProveAsync(survivor.Http, Solvency.Id, Solvency.ExampleInputs());
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Sigterm_lets_the_running_proof_finish_ends_the_queued_ones_and_exits_0()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        var environment = Queueing(database);
        environment["SHUTDOWN_DRAIN_SECONDS"] = "20";
        await using var host = await HostProcess.StartAsync(environment);
        var ids = await SubmitAsync(host, 30);
        var atSignal = await JobsAsync(database);
        Assert.True(Unfinished(atSignal) > 1, $"the test needs queued jobs at the signal: {Describe(atSignal)}");

        var clock = Stopwatch.StartNew();
        using (var term = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", host.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } }))
        {
            await term!.WaitForExitAsync();
        }
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            await host.Process.WaitForExitAsync(limit.Token);
        }
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"exit took {clock.Elapsed}");
        Assert.Equal(0, host.Process.ExitCode);

        var jobs = await JobsAsync(database);
        Assert.Equal(ids.Order(), jobs.Keys.Order());
        Assert.True(Unfinished(jobs) == 0, $"jobs left unfinished by a graceful stop: {Describe(jobs)}");
        // Each job either was made (those before the signal, and the one running at it) or ended as shutting-down
        // without being started: nothing was cancelled midway and nothing failed otherwise.
        Assert.All(jobs.Values, j => Assert.True(j.Status == "Succeeded" || (j.Status == "Failed" && j.Code == "shutting-down"), $"{j.Status}/{j.Code}: {Describe(jobs)}"));
        Assert.Contains(jobs.Values, j => j.Code == "shutting-down");
        Assert.True(jobs.Values.Count(j => j.Status == "Succeeded") >= atSignal.Values.Count(j => j.Status == "Succeeded"), Describe(jobs));
        Assert.DoesNotContain("was not finished within", host.Output, StringComparison.Ordinal);
        Assert.Contains("no new proof requests are taken", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_nonce_issued_with_redis_survives_a_restart()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        var environment = new Dictionary<string, string>
        {
            ["DATABASE_URL"] = HostProcess.DatabaseUrl(database.ConnectionString),
            ["REDIS_URL"] = $"redis://127.0.0.1:{redis.Port}",
        };
        string nonce;
        await using (var first = await HostProcess.StartAsync(environment))
        {
            nonce = await Api.ChallengeAsync(first.Http);
            first.Process.Kill();
            await first.Process.WaitForExitAsync();
        }
        await using var second = await HostProcess.StartAsync(environment);
        await CredentialFlow.PresentAsync(second.Http, nonce, expectValid: true);
        // Redeemed once: a second presentation with it is a replay.
        var replay = await CredentialFlow.PresentAsync(second.Http, nonce, expectValid: null);
        Assert.True(replay.Status == HttpStatusCode.Conflict, $"second presentation: {replay}");
    }
}
