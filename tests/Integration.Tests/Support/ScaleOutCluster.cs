using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace CredentialHub.Integration.Tests.Support;

/// <summary>
/// The service scaled out as an operator runs it: two hosts (instances <c>scale-a</c> and <c>scale-b</c>) on one
/// PostgreSQL database of their own and one Redis, behind a real nginx running the shipped
/// <c>deploy/nginx/credentialhub.conf</c>, each host trusting the balancer's X-Forwarded-For (TRUSTED_PROXIES: nginx
/// connects to them from 127.0.0.1). Clients can connect from any loopback address (<see cref="Client"/>), so that a
/// test has a client address of its own, neither the balancer's nor one other tests share in Redis.
/// </summary>
internal sealed class ScaleOutCluster : IAsyncDisposable
{
    private readonly TestDatabase _database;
    private readonly List<HttpClient> _clients = [];

    private ScaleOutCluster(TestDatabase database, RunningHost a, RunningHost b, NginxServer balancer)
    {
        _database = database;
        A = a;
        B = b;
        Balancer = balancer;
        Http = new HttpClient { BaseAddress = balancer.Address, Timeout = TimeSpan.FromSeconds(90) };
        Http.DefaultRequestHeaders.Add("X-API-Key", a.ApiKey);
    }

    public RunningHost A { get; }

    public RunningHost B { get; }

    public IReadOnlyList<RunningHost> Instances => [A, B];

    public NginxServer Balancer { get; }

    /// <summary>The balancer, with instance A's API key (every key is in the shared database: valid on both).</summary>
    public HttpClient Http { get; }

    public string DatabaseConnectionString => _database.ConnectionString;

    /// <summary>What both instances logged, and what the balancer did (for failure messages).</summary>
    public string Logs => $"--- scale-a:\n{A.Tail(3000)}\n--- scale-b:\n{B.Tail(3000)}\n--- nginx error log:\n{Balancer.ErrorLog}";

    /// <summary>
    /// Starts the two instances (at once, as an orchestrator would: they migrate the new database in turn, under the
    /// migrator's advisory lock) and the balancer. <paramref name="settings"/> are added to every instance's environment.
    /// </summary>
    public static async Task<ScaleOutCluster> StartAsync(PostgresServer postgres, RedisServer redis, IReadOnlyDictionary<string, string>? settings = null)
    {
        redis.Start();
        var database = await postgres.CreateDatabaseAsync();
        var starting = new[] { "scale-a", "scale-b" }
            .Select(name => HostProcess.StartAsync(Environment(database, redis, name, settings), TimeSpan.FromSeconds(120)))
            .ToArray();
        try
        {
            var hosts = await Task.WhenAll(starting);
            var balancer = await NginxServer.StartAsync([hosts[0].Address, hosts[1].Address]);
            return new ScaleOutCluster(database, hosts[0], hosts[1], balancer);
        }
        catch
        {
            // Task.WhenAll ends once every start has: stop those that succeeded.
            foreach (var start in starting.Where(s => s.IsCompletedSuccessfully))
            {
                await start.Result.DisposeAsync();
            }
            await database.DisposeAsync();
            throw;
        }
    }

    private static Dictionary<string, string> Environment(TestDatabase database, RedisServer redis, string name, IReadOnlyDictionary<string, string>? settings)
    {
        var environment = new Dictionary<string, string>
        {
            ["DATABASE_URL"] = HostProcess.DatabaseUrl(database.ConnectionString),
            ["REDIS_URL"] = $"redis://127.0.0.1:{redis.Port}",
            ["INSTANCE_NAME"] = name,
            // The balancer's address as the instances see it.
            ["TRUSTED_PROXIES"] = "127.0.0.1",
            // Generate answers 202 at once: the job is polled, through either instance.
            ["PROOF_WAIT_SECONDS"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }
        return environment;
    }

    /// <summary>A loopback address no other test uses (127.x.y.z, never 127.0.0.1: that is the balancer's, and trusted).</summary>
    public static IPAddress FreshClientAddress()
    {
        byte[] random = RandomNumberGenerator.GetBytes(3);
        return new IPAddress([127, (byte)(2 + (random[0] % 250)), random[1], (byte)(1 + (random[2] % 254))]);
    }

    /// <summary>An HTTP client to <paramref name="target"/> whose connections come from <paramref name="source"/>, sending <paramref name="apiKey"/> when given.</summary>
    public HttpClient Client(Uri target, IPAddress source, string? apiKey)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler) { BaseAddress = target, Timeout = TimeSpan.FromSeconds(90) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        }
        lock (_clients)
        {
            _clients.Add(client);
        }
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        lock (_clients)
        {
            _clients.ForEach(c => c.Dispose());
        }
        Http.Dispose();
        await Balancer.DisposeAsync();
        await Task.WhenAll(A.DisposeAsync().AsTask(), B.DisposeAsync().AsTask());
        await _database.DisposeAsync();
    }
}
