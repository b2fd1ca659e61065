using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace CredentialHub.Benchmarks;

/// <summary>
/// A bounded HTTP load client against a running instance:
/// <c>http-load &lt;url&gt; &lt;body.json&gt; [concurrency=8] [seconds=10]</c> POSTs the body as fast as
/// <c>concurrency</c> connections allow for the given time (after a 2 s warm-up) and prints requests per second,
/// the status codes seen, and latency p50/p95/p99. Used for <c>POST /proofs/verify</c> throughput and
/// <c>POST /proofs/generate</c> latency (see tests/Benchmarks/service-load.sh). The environment variable API_KEY, when
/// set, is sent as <c>X-API-Key</c>.
/// </summary>
internal static class HttpLoad
{
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: http-load <url> <body.json> [concurrency=8] [seconds=10]");
            return 2;
        }
        string url = args[0];
        byte[] body = File.ReadAllBytes(args[1]);
        int concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 8;
        double seconds = args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 10;
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (Environment.GetEnvironmentVariable("API_KEY") is { Length: > 0 } key)
        {
            http.DefaultRequestHeaders.Add("X-API-Key", key);
        }

        Drive(http, url, body, concurrency, TimeSpan.FromSeconds(2), out _, out _);
        var clock = Stopwatch.StartNew();
        Drive(http, url, body, concurrency, TimeSpan.FromSeconds(seconds), out var latencies, out var statuses);
        double elapsed = clock.Elapsed.TotalSeconds;
        latencies.Sort();
        double Percentile(double p) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)(p * latencies.Count))];
        Console.WriteLine($"{url}: {latencies.Count} requests in {elapsed:F1} s = {latencies.Count / elapsed:F0} requests/s with {concurrency} connections");
        Console.WriteLine($"  status: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} x{s.Value}"))}");
        Console.WriteLine($"  latency ms: p50 {Percentile(0.50):F1}, p95 {Percentile(0.95):F1}, p99 {Percentile(0.99):F1}, max {(latencies.Count == 0 ? double.NaN : latencies[^1]):F1}");
        return 0;
    }

    private static void Drive(HttpClient http, string url, byte[] body, int concurrency, TimeSpan duration, out List<double> latencies, out Dictionary<int, int> statuses)
    {
        var all = new List<double>();
        var codes = new Dictionary<int, int>();
        var gate = new object();
        var end = DateTime.UtcNow + duration;
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var mine = new List<double>();
            var mineCodes = new Dictionary<int, int>();
            while (DateTime.UtcNow < end)
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                var start = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync(url, content);
                await response.Content.ReadAsByteArrayAsync();
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                mineCodes[(int)response.StatusCode] = mineCodes.GetValueOrDefault((int)response.StatusCode) + 1;
            }
            lock (gate)
            {
                all.AddRange(mine);
                foreach (var (code, count) in mineCodes)
                {
                    codes[code] = codes.GetValueOrDefault(code) + count;
                }
            }
        })).ToArray();
        Task.WaitAll(workers);
        latencies = all;
        statuses = codes;
    }
}
