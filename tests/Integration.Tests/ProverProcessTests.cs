using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CredentialHub.Integration.Tests.Support;
using Xunit.Abstractions;

namespace CredentialHub.Integration.Tests;

// Issue 16: proofs are made in prover processes, isolated from the web process. A prover that crashes, is killed, runs
// out of memory or does not stop after its deadline never takes the API down; its jobs end with a code that says so and
// the process is replaced. The prover holds no secret and listens on no TCP port. PROVER_PROCESSES=0 proves in process.
[Collection(PostgresAndRedisCollection.Name)]
public sealed class ProverProcessTests(PostgresServer postgres, RedisServer redis, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_prover_killed_in_the_middle_of_a_proof_fails_its_job_as_prover_crashed_and_is_replaced()
    {
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["MAX_CONCURRENT_PROOFS"] = "1",
            ["PROOF_WAIT_SECONDS"] = "0",
            ["PROOF_TIMEOUT_SECONDS"] = "120",
        });
        int pid = Assert.Single(Provers.Of(host));
        await Provers.WaitForReadyAsync(host, Patience);

        // Held still, so that the proof is in the prover when it is killed.
        Provers.Signal(pid, "STOP");
        var submitted = await Api.GenerateAsync(host.Http, Solvency.Id, Solvency.ExampleInputs());
        Assert.True(submitted.Status == HttpStatusCode.Accepted, $"POST /proofs/generate: {submitted}");
        string id = submitted.String("proof_id")!;
        await WaitUntilAsync(async () => (await Api.GetAsync(host.Http, $"/proofs/{id}")).String("status") == "running", "the job to be running");
        await Task.Delay(300);
        var killedAt = Stopwatch.StartNew();
        Provers.Signal(pid, "KILL");

        // The API answers throughout; /health goes degraded while no prover is ready, then healthy again.
        bool sawDegraded = false;
        TimeSpan? readyAfter = null;
        while (killedAt.Elapsed < Patience && readyAfter is null)
        {
            var live = await Api.GetAsync(host.Http, "/health/live");
            Assert.True(live.Status == HttpStatusCode.OK, $"/health/live while the prover restarts: {live}");
            var circuits = await Api.GetAsync(host.Http, "/circuits");
            Assert.True(circuits.Status == HttpStatusCode.OK, $"GET /circuits while the prover restarts: {circuits}");
            var (_, health) = await Api.HealthAsync(host.Http);
            var provers = health.GetProperty("checks").GetProperty("prover_processes");
            if (provers.GetProperty("status").GetString() == "degraded")
            {
                sawDegraded = true;
                Assert.Equal("degraded", health.GetProperty("status").GetString());
            }
            else if (sawDegraded && provers.GetProperty("status").GetString() == "healthy")
            {
                readyAfter = killedAt.Elapsed;
                var process = provers.GetProperty("data").GetProperty("processes")[0];
                Assert.Equal(1, process.GetProperty("restarts").GetInt32());
                Assert.Contains("crashed", process.GetProperty("last_exit").GetString(), StringComparison.Ordinal);
            }
            await Task.Delay(50);
        }
        Assert.True(sawDegraded, "/health never showed the prover pool degraded after its only process was killed");
        Assert.True(readyAfter is not null, $"no prover process was ready again within {Patience.TotalSeconds} s of the kill: {host.Tail()}");
        output.WriteLine($"killed prover to a ready replacement: {readyAfter!.Value.TotalMilliseconds:0} ms");

        var job = await Api.WaitForProofAsync(host.Http, id, Patience);
        Assert.Equal("failed", job.GetProperty("status").GetString());
        var error = job.GetProperty("error");
        Assert.Equal("prover-crashed", error.GetProperty("code").GetString());
        Assert.Contains("resubmit", error.GetProperty("message").GetString(), StringComparison.Ordinal);

        int replacement = Assert.Single(Provers.Of(host));
        Assert.NotEqual(pid, replacement);
        await Api.ProveAsync(host.Http, Solvency.Id, Solvency.ExampleInputs());

        string metrics = (await Api.GetAsync(host.Http, "/metrics")).Body;
        Assert.Contains("prover_process_restarts_total{reason=\"crashed\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("prover_process_memory_bytes{process=\"0\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("prover_processes{state=\"ready\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_witness_that_allocates_past_the_memory_cap_ends_out_of_memory_and_the_API_stays_up()
    {
        using var circuits = new TemporaryDirectory();
        CircuitFiles.CopySolvency(Path.Combine(circuits.Path, "solvency"));
        CopyFolder(Repository.Path("tests", "TestSupport", "memory-hog"), Path.Combine(circuits.Path, "memory-hog"));
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["CIRCUITS_DIR"] = circuits.Path,
            ["PROVER_MEMORY_LIMIT_MB"] = "128",
            ["PROOF_WAIT_SECONDS"] = "60",
        });
        await Provers.WaitForReadyAsync(host, Patience);
        int pid = Assert.Single(Provers.Of(host));

        // A shallow run is an ordinary proof.
        await Api.ProveAsync(host.Http, "memory-hog", Hog(2));

        // Depth 3000 asks circom's runtime for about 480 MiB of WebAssembly memory.
        var reply = await Api.GenerateAsync(host.Http, "memory-hog", Hog(3000));
        var problem = ProblemAssert.Problem(reply, HttpStatusCode.ServiceUnavailable, "circuit_id");
        Assert.Equal("Prover out of memory", problem.GetProperty("title").GetString());
        Assert.Contains("PROVER_MEMORY_LIMIT_MB", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        string id = ProofId(problem);
        var job = await Api.WaitForProofAsync(host.Http, id, Patience);
        Assert.Equal("out-of-memory", job.GetProperty("error").GetProperty("code").GetString());

        // The API, the prover and the other circuits are all still there.
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync(host.Http, "/health/live")).Status);
        await Api.ProveAsync(host.Http, Solvency.Id, Solvency.ExampleInputs());
        await Api.ProveAsync(host.Http, "memory-hog", Hog(3));
        Assert.Contains(pid, Provers.Of(host));
        Assert.False(host.Process.HasExited);
    }

    [Fact]
    public async Task The_prover_process_holds_no_secret_and_listens_on_no_TCP_port()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        string databaseUrl = HostProcess.DatabaseUrl(database.ConnectionString);
        string redisUrl = $"redis://127.0.0.1:{redis.Port}";
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["DATABASE_URL"] = databaseUrl,
            ["REDIS_URL"] = redisUrl,
            ["JWT_ISSUER"] = "https://issuer.prover-test.example",
            ["JWT_AUDIENCE"] = "prover-test-audience",
        });
        await Provers.WaitForReadyAsync(host, Patience);
        int pid = Assert.Single(Provers.Of(host));

        // Control: the host's own environment has them, so their absence below is the scrubbing, not the test's setup.
        string hostEnvironment = Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{host.Process.Id}/environ"));
        Assert.Contains("SECRET_KEY=", hostEnvironment, StringComparison.Ordinal);
        Assert.Contains(HostProcess.TestSecretKey, hostEnvironment, StringComparison.Ordinal);

        string environment = Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/environ"));
        string commandLine = Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/cmdline"));
        var names = environment.Split('\0', StringSplitOptions.RemoveEmptyEntries).Select(v => v.Split('=')[0]).ToList();
        foreach (string secret in new[] { "DATABASE_URL", "REDIS_URL", "SECRET_KEY", "SECRET_KEY_FILE", "JWT_ISSUER", "JWT_AUDIENCE", "ASPNETCORE_URLS" })
        {
            Assert.DoesNotContain(secret, names);
        }
        foreach (string value in new[] { HostProcess.TestSecretKey, databaseUrl, redisUrl, "prover-test-audience" })
        {
            Assert.DoesNotContain(value, environment, StringComparison.Ordinal);
            Assert.DoesNotContain(value, commandLine, StringComparison.Ordinal);
        }
        Assert.Contains("DOTNET_GCHeapHardLimit", names);

        // Listening sockets by inode: the host's TCP listener is found this way (control), the prover has none, and its
        // one listener is the Unix socket in a directory only this user may open.
        Assert.NotEmpty(Sockets.TcpListeners(host.Process.Id));
        Assert.Empty(Sockets.TcpListeners(pid));
        string socket = commandLine.Split('\0')[Array.IndexOf(commandLine.Split('\0'), "--socket") + 1];
        Assert.Contains(socket, Sockets.UnixListeners(pid));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            OperatingSystem.IsWindows() ? UnixFileMode.None : File.GetUnixFileMode(Path.GetDirectoryName(socket)!));
        int databasePort = new Npgsql.NpgsqlConnectionStringBuilder(postgres.AdminConnectionString).Port;
        Assert.True(Sockets.HasDatabaseConnection(host.Process.Id, databasePort), "control: the host has no connection to PostgreSQL");
        Assert.False(Sockets.HasDatabaseConnection(pid, databasePort), "the prover process has a connection to PostgreSQL");
    }

    [Fact]
    public async Task A_prover_that_does_not_stop_after_the_deadline_is_killed_and_replaced()
    {
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["MAX_CONCURRENT_PROOFS"] = "1",
            ["PROOF_TIMEOUT_SECONDS"] = "2",
            ["PROOF_WAIT_SECONDS"] = "30",
        });
        await Provers.WaitForReadyAsync(host, Patience);
        int pid = Assert.Single(Provers.Of(host));
        // A stopped process cannot act on the cancellation: it stands for a prover stuck in code that ignores it.
        Provers.Signal(pid, "STOP");
        var clock = Stopwatch.StartNew();
        var reply = await Api.GenerateAsync(host.Http, Solvency.Id, Solvency.ExampleInputs());
        var problem = ProblemAssert.Problem(reply, HttpStatusCode.GatewayTimeout, "inputs");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"the deadline failure took {clock.Elapsed.TotalSeconds:0.0} s with a 2 s deadline");
        var job = await Api.WaitForProofAsync(host.Http, ProofId(problem), Patience);
        Assert.Equal("deadline", job.GetProperty("error").GetProperty("code").GetString());

        // Killed after the grace period, and replaced.
        await WaitUntilAsync(() => Task.FromResult(!Provers.IsAlive(pid)), "the stuck prover to be killed", TimeSpan.FromSeconds(30));
        output.WriteLine($"stuck prover killed {clock.Elapsed.TotalSeconds:0.0} s after the request");
        await WaitUntilAsync(() => Task.FromResult(Provers.Of(host) is [int replacement] && replacement != pid), "a replacement prover process");
        await Provers.WaitForReadyAsync(host, Patience);
        await Api.ProveAsync(host.Http, Solvency.Id, Solvency.ExampleInputs());
        string metrics = (await Api.GetAsync(host.Http, "/metrics")).Body;
        Assert.Contains("prover_process_restarts_total{reason=\"killed\"} 1", metrics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Proofs_are_made_and_verified_alike_in_process_and_in_prover_processes(int processes)
    {
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string> { ["PROVER_PROCESSES"] = processes.ToString(CultureInfo.InvariantCulture) });
        Assert.Equal(processes, Provers.Of(host).Count);
        var (status, health) = await Api.HealthAsync(host.Http);
        Assert.True(status == HttpStatusCode.OK && health.GetProperty("status").GetString() == "healthy", $"/health after start: {status} {health}");
        Assert.Equal(processes > 0, health.GetProperty("checks").TryGetProperty("prover_processes", out _));

        // The same proofs, the same answers: a valid one verifies, a wrong input fails as the circuit says, a tampered
        // public signal does not verify.
        var jobs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Api.ProveAsync(host.Http, Solvency.Id, Solvency.ExampleInputs())));
        foreach (var job in jobs)
        {
            var verify = await Api.PostJsonAsync(host.Http, "/proofs/verify", new JsonObject { ["proof_id"] = job.GetProperty("proof_id").GetString() });
            Assert.True(verify.Status == HttpStatusCode.OK && verify.Json.GetProperty("valid").GetBoolean(), $"verify: {verify}");
        }
        var signals = JsonNode.Parse(jobs[0].GetProperty("public_signals").GetRawText())!.AsArray();
        signals[0] = "12345";
        var tampered = await Api.PostJsonAsync(host.Http, "/proofs/verify", new JsonObject
        {
            ["circuit_id"] = Solvency.Id,
            ["proof"] = JsonNode.Parse(jobs[0].GetProperty("proof").GetRawText()),
            ["public_signals"] = signals,
        });
        Assert.True(tampered.Status == HttpStatusCode.OK && !tampered.Json.GetProperty("valid").GetBoolean(), $"tampered verify: {tampered}");
        var insolvent = Solvency.Inputs(["1", "0", "0", "0", "0", "0", "0", "0"], ["2", "0", "0", "0", "0", "0", "0", "0"], "7", "9");
        var refused = await Api.GenerateAsync(host.Http, Solvency.Id, insolvent);
        var problem = ProblemAssert.Problem(refused, HttpStatusCode.UnprocessableEntity, "inputs");
        Assert.Equal("The circuit refused the inputs", problem.GetProperty("title").GetString());

        // The web process keeps proving keys only when it proves itself.
        string metrics = (await Api.GetAsync(host.Http, "/metrics")).Body;
        Assert.Contains($"circuit_proving_keys_resident {(processes == 0 ? 2 : 0)}", metrics, StringComparison.Ordinal);
    }

    private static JsonObject Hog(int depth) => new() { ["a"] = "5", ["depth"] = depth.ToString(CultureInfo.InvariantCulture) };

    private static string ProofId(JsonElement problem) =>
        System.Text.RegularExpressions.Regex.Match(problem.GetProperty("detail").GetString() ?? "", "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").Value is { Length: > 0 } id
            ? id
            : throw new Xunit.Sdk.XunitException($"the problem names no proof id: {problem}");

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > (timeout ?? Patience))
            {
                throw new Xunit.Sdk.XunitException($"timed out waiting for {what}");
            }
            await Task.Delay(50);
        }
    }
}
