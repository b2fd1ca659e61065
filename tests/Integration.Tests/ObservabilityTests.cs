using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CredentialHub.Integration.Tests.Support;

namespace CredentialHub.Integration.Tests;

// 9. Monitoring: the scraped counters equal a known workload, a real Prometheus scrapes the service, promtool accepts
// the exposition, and /health follows Redis and PostgreSQL going away and coming back.
[Collection(PostgresAndRedisCollection.Name)]
public sealed partial class ObservabilityTests(PostgresServer postgres, RedisServer redis)
{
    private static readonly string[] PoorAssets = [.. Enumerable.Range(0, 8).Select(i => $"40040040040040{i:D5}")];
    private static readonly string[] RichLiabilities = [.. Enumerable.Range(0, 8).Select(i => $"90090090090090{i:D5}")];
    private const string PlantedSalt = "577215664901532860606512090082402431042159335939923598805767234884867726";

    [Fact]
    public async Task The_scraped_metrics_equal_the_workload_and_a_real_Prometheus_scrapes_them()
    {
        // A Redis of its own: the rate-limit windows are keyed by client address (127.0.0.1 for every test), and a
        // shared Redis would hold other tests' recent proving requests.
        using var ownRedis = new RedisServer();
        await using var database = await postgres.CreateDatabaseAsync();
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["DATABASE_URL"] = HostProcess.DatabaseUrl(database.ConnectionString),
            ["REDIS_URL"] = $"redis://127.0.0.1:{ownRedis.Port}",
            ["RATE_LIMIT_PER_MINUTE"] = "1000",
            ["PROVE_RATE_LIMIT_PER_MINUTE"] = "5",
            ["RATE_LIMIT_BURST"] = "0",
        });
        var http = host.Http;

        // n = 3 proofs, k = 2 refused by the circuit, then j = 2 proving requests over the limit of 5 a minute.
        var proofs = new List<JsonElement>();
        for (int i = 0; i < 3; i++)
        {
            proofs.Add(await Api.ProveAsync(http, Solvency.Id, Solvency.ExampleInputs()));
        }
        for (int i = 0; i < 2; i++)
        {
            var refused = await Api.GenerateAsync(http, Solvency.Id, Solvency.Inputs(PoorAssets, RichLiabilities, PlantedSalt, "1"));
            Assert.True(refused.Status == HttpStatusCode.UnprocessableEntity, $"circuit-refused proof: {refused}");
        }
        for (int i = 0; i < 2; i++)
        {
            var limited = await Api.GenerateAsync(http, Solvency.Id, Solvency.ExampleInputs());
            Assert.True(limited.Status == HttpStatusCode.TooManyRequests, $"proving request {6 + i} within the minute: {limited}");
        }
        // m = 4 verifications: 3 valid, 1 invalid.
        foreach (var proof in proofs)
        {
            var ok = await Api.PostJsonAsync(http, "/proofs/verify", new JsonObject { ["proof_id"] = proof.GetProperty("proof_id").GetString() });
            Assert.True(ok.Json.GetProperty("valid").GetBoolean(), $"verify: {ok}");
        }
        var tampered = JsonNode.Parse(proofs[0].GetProperty("public_signals").GetRawText())!.AsArray();
        tampered[0] = "1";
        var bad = await Api.PostJsonAsync(http, "/proofs/verify", new JsonObject
        {
            ["circuit_id"] = Solvency.Id,
            ["proof"] = JsonNode.Parse(proofs[0].GetProperty("proof").GetRawText()),
            ["public_signals"] = tampered,
        });
        Assert.False(bad.Json.GetProperty("valid").GetBoolean(), $"tampered verify: {bad}");

        var scrape = await Api.GetAsync(http, "/metrics");
        Assert.True(scrape.Status == HttpStatusCode.OK, $"GET /metrics: {scrape}");
        Assert.StartsWith("text/plain", scrape.MediaType, StringComparison.Ordinal);
        var metrics = Parse(scrape.Body);
        double Value(string series) => metrics.TryGetValue(series, out double v) ? v : throw new Xunit.Sdk.XunitException($"no series {series} in:\n{scrape.Body}");
        Assert.Equal(3, Value("proof_generation_total{circuit=\"solvency\",status=\"success\"}"));
        Assert.Equal(2, Value("proof_generation_total{circuit=\"solvency\",status=\"circuit-failed\"}"));
        Assert.Equal(5, metrics.Where(m => m.Key.StartsWith("proof_generation_total{", StringComparison.Ordinal)).Sum(m => m.Value));
        Assert.Equal(3, Value("proof_verification_total{circuit=\"solvency\",result=\"valid\"}"));
        Assert.Equal(1, Value("proof_verification_total{circuit=\"solvency\",result=\"invalid\"}"));
        Assert.Equal(5, Value("proof_generation_duration_seconds_count{circuit=\"solvency\",stage=\"total\"}"));
        Assert.Equal(5, Value("proof_generation_duration_seconds_bucket{circuit=\"solvency\",stage=\"total\",le=\"+Inf\"}"));
        Assert.Equal(5, Value("proof_generation_duration_seconds_count{circuit=\"solvency\",stage=\"queue\"}"));
        Assert.Equal(3, Value("proof_generation_duration_seconds_count{circuit=\"solvency\",stage=\"prove\"}"));
        Assert.Equal(4, Value("proof_verification_duration_seconds_count{circuit=\"solvency\"}"));
        Assert.Equal(2, Value("rate_limit_hits_total{limit=\"prove\",partition=\"address\"}"));
        // The proving keys are resident in the prover process (PROVER_PROCESSES=1): the web process holds none of them.
        Assert.Equal(0, Value("circuit_proving_keys_resident"));
        Assert.Equal(1, Value("prover_processes{state=\"ready\"}"));
        Assert.Equal(0, Value("prover_processes{state=\"restarting\"}"));
        Assert.True(Value("prover_process_memory_bytes{process=\"0\"}") > 0);
        Assert.Equal(0, Value("proof_queue_depth"));
        Assert.Equal(0, Value("proof_workers_busy"));
        Assert.True(Value("circuit_integrity_checks_total{result=\"ok\"}") >= 2);
        Assert.Contains(metrics.Keys, k => k.StartsWith("credentialhub_info{version=", StringComparison.Ordinal));
        Assert.True(Value("dotnet_process_memory_working_set_bytes") > 0);
        // No request value in any label or sample.
        foreach (string planted in PoorAssets.Concat(RichLiabilities).Append(PlantedSalt))
        {
            Assert.DoesNotContain(planted, scrape.Body, StringComparison.Ordinal);
        }

        // The JSON summaries say the same.
        var stats = (await Api.GetAsync(http, "/stats")).Json;
        Assert.Equal(5, stats.GetProperty("totals").GetProperty("proofs_generated").GetInt64());
        Assert.Equal(3, stats.GetProperty("totals").GetProperty("proofs_succeeded").GetInt64());
        Assert.Equal(4, stats.GetProperty("totals").GetProperty("verifications").GetInt64());
        var solvency = (await Api.GetAsync(http, "/metrics/proofs")).Json.GetProperty("circuits").EnumerateArray().Single(c => c.GetProperty("circuit").GetString() == "solvency");
        Assert.Equal(0.6, solvency.GetProperty("generation").GetProperty("success_rate").GetDouble(), 3);
        Assert.Equal(5, solvency.GetProperty("generation").GetProperty("latency_ms").GetProperty("samples").GetInt32());
        Assert.Equal(1, solvency.GetProperty("verification").GetProperty("invalid").GetInt64());

        // promtool accepts the exposition.
        var (lint, lintOutput) = await Promtool.RunAsync(scrape.Body, "check", "metrics");
        Assert.True(lint == 0, $"promtool check metrics exited {lint}:\n{lintOutput}");

        // A real Prometheus server scrapes it.
        await using var prometheus = await Prometheus.StartAsync(host.Address);
        var clock = Stopwatch.StartNew();
        string last = "";
        while (true)
        {
            last = await prometheus.QueryAsync("sum(proof_generation_total{job=\"credentialhub\"})");
            if (last.Contains("\"5\"", StringComparison.Ordinal))
            {
                break;
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(45), $"Prometheus did not get proof_generation_total = 5 within 45 s; last answer {last}; targets {await prometheus.TargetsAsync()}");
            await Task.Delay(500);
        }
        Assert.Contains("\"health\":\"up\"", await prometheus.TargetsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fresh_instance_exports_every_known_series_at_zero()
    {
        await using var host = await HostProcess.StartAsync();
        // Before any proof, verification or refusal: every circuit's series and every label are there, at zero.
        var scrape = await Api.GetAsync(host.Http, "/metrics");
        Assert.True(scrape.Status == HttpStatusCode.OK, $"GET /metrics: {scrape}");
        var metrics = Parse(scrape.Body);
        double Value(string series) => metrics.TryGetValue(series, out double v) ? v : throw new Xunit.Sdk.XunitException($"no series {series} in:\n{scrape.Body}");
        string[] statuses =
        [
            "success", "invalid-input", "circuit-failed", "circuit-trapped", "circuit-invalid", "deadline", "faulty-key", "internal", "queue-full",
            "shutting-down", "interrupted", "proving-failed", "prover-crashed", "out-of-memory", "prover-unavailable",
        ];
        var circuits = (await Api.GetAsync(host.Http, "/circuits")).Json.GetProperty("circuits").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToList();
        Assert.Equal(["selective-disclosure", Solvency.Id], circuits.Order(StringComparer.Ordinal));
        foreach (string circuit in circuits)
        {
            foreach (string status in statuses)
            {
                Assert.Equal(0, Value($"proof_generation_total{{circuit=\"{circuit}\",status=\"{status}\"}}"));
            }
            foreach (string stage in new[] { "queue", "witness", "prove", "verify", "total", "boundary" })
            {
                Assert.Equal(0, Value($"proof_generation_duration_seconds_count{{circuit=\"{circuit}\",stage=\"{stage}\"}}"));
                Assert.Equal(0, Value($"proof_generation_duration_seconds_bucket{{circuit=\"{circuit}\",stage=\"{stage}\",le=\"+Inf\"}}"));
            }
            Assert.Equal(0, Value($"proof_verification_total{{circuit=\"{circuit}\",result=\"valid\"}}"));
            Assert.Equal(0, Value($"proof_verification_total{{circuit=\"{circuit}\",result=\"invalid\"}}"));
            Assert.Equal(0, Value($"proof_verification_duration_seconds_count{{circuit=\"{circuit}\"}}"));
        }
        Assert.Equal(statuses.Length * circuits.Count, metrics.Keys.Count(k => k.StartsWith("proof_generation_total{", StringComparison.Ordinal)));
        Assert.True(Value("circuit_integrity_checks_total{result=\"ok\"}") >= circuits.Count);
        Assert.Equal(0, Value("circuit_integrity_checks_total{result=\"failed\"}"));
        foreach (string limit in new[] { "default", "prove" })
        {
            foreach (string partition in new[] { "address", "caller" })
            {
                Assert.Equal(0, Value($"rate_limit_hits_total{{limit=\"{limit}\",partition=\"{partition}\"}}"));
            }
        }
        var (lint, lintOutput) = await Promtool.RunAsync(scrape.Body, "check", "metrics");
        Assert.True(lint == 0, $"promtool check metrics exited {lint}:\n{lintOutput}");

        // The first proof moves its own series and leaves the others at zero.
        await Api.ProveAsync(host.Http, Solvency.Id, Solvency.ExampleInputs());
        metrics = Parse((await Api.GetAsync(host.Http, "/metrics")).Body);
        Assert.Equal(1, metrics[$"proof_generation_total{{circuit=\"{Solvency.Id}\",status=\"success\"}}"]);
        Assert.Equal(0, metrics[$"proof_generation_total{{circuit=\"{Solvency.Id}\",status=\"deadline\"}}"]);
        Assert.Equal(0, metrics["proof_generation_total{circuit=\"selective-disclosure\",status=\"success\"}"]);
    }

    [Fact]
    public async Task Without_metrics_the_endpoints_are_absent_and_proofs_are_served()
    {
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string> { ["METRICS_ENABLED"] = "false" });
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync(host.Http, "/metrics")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync(host.Http, "/stats")).Status);
        await Api.ProveAsync(host.Http, Solvency.Id, Solvency.ExampleInputs());
    }

    [Fact]
    public async Task Health_turns_degraded_without_Redis_unhealthy_without_PostgreSQL_and_healthy_when_they_return()
    {
        redis.Start();
        await using var database = await postgres.CreateDatabaseAsync();
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString);
        await using var proxy = TcpProxy.Start(builder.Host!, builder.Port);
        builder.Host = "127.0.0.1";
        builder.Port = proxy.Port;
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["DATABASE_URL"] = HostProcess.DatabaseUrl(builder.ConnectionString),
            ["REDIS_URL"] = $"redis://127.0.0.1:{redis.Port}",
        });
        try
        {
            await ExpectHealthAsync(host, HttpStatusCode.OK, "healthy", ("postgresql", "healthy"), ("redis", "healthy"));
            redis.Stop();
            await ExpectHealthAsync(host, HttpStatusCode.OK, "degraded", ("redis", "degraded"), ("postgresql", "healthy"));
            redis.Start();
            await ExpectHealthAsync(host, HttpStatusCode.OK, "healthy", ("redis", "healthy"));
            proxy.Close();
            await ExpectHealthAsync(host, HttpStatusCode.ServiceUnavailable, "unhealthy", ("postgresql", "unhealthy"));
            proxy.Open();
            await ExpectHealthAsync(host, HttpStatusCode.OK, "healthy", ("postgresql", "healthy"), ("redis", "healthy"));
        }
        finally
        {
            redis.Start();
        }
    }

    private static async Task ExpectHealthAsync(RunningHost host, HttpStatusCode status, string overall, params (string Check, string State)[] checks)
    {
        var clock = Stopwatch.StartNew();
        Reply? last = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(40))
        {
            last = await Api.GetAsync(host.Http, "/health");
            if (last.Status == status && last.String("status") == overall
                && checks.All(c => last.Json.GetProperty("checks").TryGetProperty(c.Check, out var entry) && entry.GetProperty("status").GetString() == c.State))
            {
                return;
            }
            await Task.Delay(500);
        }
        throw new Xunit.Sdk.XunitException($"/health did not become {overall} ({(int)status}) with {string.Join(", ", checks.Select(c => $"{c.Check} {c.State}"))} within 40 s; last: {last}");
    }

    /// <summary>Every sample of an exposition by its series ("name{labels}").</summary>
    private static Dictionary<string, double> Parse(string exposition)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string line in exposition.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            int space = line.LastIndexOf(' ');
            samples[line[..space]] = line[(space + 1)..] switch
            {
                "+Inf" => double.PositiveInfinity,
                "NaN" => double.NaN,
                var v => double.Parse(v, CultureInfo.InvariantCulture),
            };
        }
        return samples;
    }

    /// <summary>A Prometheus server (Debian's package) scraping one target every second, on a free loopback port.</summary>
    private sealed class Prometheus : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _directory;
        private readonly HttpClient _http;

        private Prometheus(Process process, string directory, int port)
        {
            _process = process;
            _directory = directory;
            _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        }

        public static async Task<Prometheus> StartAsync(Uri target)
        {
            string directory = Path.Combine(Path.GetTempPath(), $"credentialhub-prometheus-{Guid.NewGuid():N}");
            Directory.CreateDirectory(directory);
            await File.WriteAllTextAsync(Path.Combine(directory, "prometheus.yml"), $"""
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: credentialhub
                    metrics_path: /metrics
                    static_configs:
                      - targets: ["{target.Authority}"]
                """);
            int port = Loopback.FreePort();
            var start = new ProcessStartInfo("prometheus") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
            foreach (string argument in new[] { $"--config.file={Path.Combine(directory, "prometheus.yml")}", $"--storage.tsdb.path={Path.Combine(directory, "data")}", $"--web.listen-address=127.0.0.1:{port}" })
            {
                start.ArgumentList.Add(argument);
            }
            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                throw new Xunit.Sdk.XunitException("prometheus is missing: install Debian's prometheus package (apt-get install -y prometheus)");
            }
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return new Prometheus(process, directory, port);
        }

        public async Task<string> QueryAsync(string query)
        {
            try
            {
                return await _http.GetStringAsync($"/api/v1/query?query={Uri.EscapeDataString(query)}");
            }
            catch (HttpRequestException e)
            {
                return $"(not answering: {e.Message})";
            }
        }

        public async Task<string> TargetsAsync()
        {
            try
            {
                return await _http.GetStringAsync("/api/v1/targets");
            }
            catch (HttpRequestException e)
            {
                return $"(not answering: {e.Message})";
            }
        }

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>A loopback TCP forwarder that can be closed (every connection cut, new ones refused) and reopened on the same port.</summary>
    private sealed class TcpProxy : IAsyncDisposable
    {
        private readonly string _targetHost;
        private readonly int _targetPort;
        private readonly List<TcpClient> _connections = [];
        private TcpListener? _listener;
        private CancellationTokenSource _stop = new();

        private TcpProxy(string targetHost, int targetPort, int port)
        {
            _targetHost = targetHost;
            _targetPort = targetPort;
            Port = port;
        }

        public int Port { get; }

        public static TcpProxy Start(string targetHost, int targetPort)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var proxy = new TcpProxy(targetHost.StartsWith('/') ? "127.0.0.1" : targetHost, targetPort, port);
            proxy.Open();
            return proxy;
        }

        public void Open()
        {
            _stop = new CancellationTokenSource();
            _listener = new TcpListener(IPAddress.Loopback, Port);
            _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _listener.Start();
            _ = AcceptAsync(_listener, _stop.Token);
        }

        public void Close()
        {
            _stop.Cancel();
            _listener?.Stop();
            lock (_connections)
            {
                foreach (var connection in _connections)
                {
                    connection.Dispose();
                }
                _connections.Clear();
            }
        }

        private async Task AcceptAsync(TcpListener listener, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(stop);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }
                var upstream = new TcpClient();
                try
                {
                    await upstream.ConnectAsync(_targetHost, _targetPort, stop);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException)
                {
                    client.Dispose();
                    upstream.Dispose();
                    continue;
                }
                lock (_connections)
                {
                    _connections.Add(client);
                    _connections.Add(upstream);
                }
                _ = PumpAsync(client, upstream);
                _ = PumpAsync(upstream, client);
            }
        }

        private static async Task PumpAsync(TcpClient from, TcpClient to)
        {
            try
            {
                await from.GetStream().CopyToAsync(to.GetStream());
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or SocketException)
            {
            }
            finally
            {
                from.Dispose();
                to.Dispose();
            }
        }

        public ValueTask DisposeAsync()
        {
            Close();
            return ValueTask.CompletedTask;
        }
    }
}
