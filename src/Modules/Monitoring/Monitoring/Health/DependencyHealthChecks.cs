using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using StackExchange.Redis;

namespace CredentialHub.Monitoring.Health;

/// <summary>
/// PostgreSQL answers <c>SELECT 1</c> within a few seconds; without it nothing can be stored, so a failure is unhealthy.
/// The check opens its connection with the host's connection string exactly as given, so that it draws from the same
/// pool as every module (a changed copy would be a second pool beyond DB_POOL_SIZE); its own deadline is the
/// cancellation below, not a connection-string setting.
/// </summary>
internal sealed class PostgresHealthCheck(string connectionString) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(4));
            await connection.OpenAsync(timeout.Token);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy($"answered in {clock.Elapsed.TotalMilliseconds:0} ms", Data(new NpgsqlConnectionStringBuilder(connectionString)));
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            bool waited = e is OperationCanceledException or TimeoutException || e.InnerException is TimeoutException;
            if (!waited)
            {
                // The server failed or went away: drop this pool's idle connections, which may be dead too. Not after a
                // wait that ran out: the server may be fine and the pool merely busy (every connection in use).
                NpgsqlConnection.ClearPool(connection);
            }
            string reason = waited ? $"no connection within the deadline ({e.GetType().Name}; the pool may be exhausted or the server slow)" : e.GetType().Name;
            return HealthCheckResult.Unhealthy($"PostgreSQL does not answer: {reason}", data: Data(new NpgsqlConnectionStringBuilder(connectionString)));
        }
    }

    private static Dictionary<string, object> Data(NpgsqlConnectionStringBuilder builder) => new()
    {
        ["host"] = builder.Host ?? "",
        ["database"] = builder.Database ?? "",
    };
}

/// <summary>
/// Redis answers PING within a few seconds. The service works without it (rate limits and nonces per instance,
/// proofs from PostgreSQL), so a failure is degraded.
/// </summary>
internal sealed class RedisHealthCheck(string configuration) : IHealthCheck, IDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _connection = new(() =>
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 2000;
        options.SyncTimeout = 2000;
        return ConnectionMultiplexer.ConnectAsync(options);
    });

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await _connection.Value.WaitAsync(TimeSpan.FromSeconds(3), cancellationToken);
            var ping = await connection.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return HealthCheckResult.Healthy($"PING answered in {ping.TotalMilliseconds:0.0} ms");
        }
        catch (Exception e) when (e is RedisException or TimeoutException or OperationCanceledException or ObjectDisposedException)
        {
            return HealthCheckResult.Degraded($"Redis does not answer ({e.GetType().Name}): rate limits and nonces are kept per instance and proofs are read from the database until it returns");
        }
    }

    public void Dispose()
    {
        if (_connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            _connection.Value.Result.Dispose();
        }
    }
}

/// <summary>Memory against what the runtime may use, and free disk where the service runs: degraded when short.</summary>
internal sealed class ProcessHealthCheck : IHealthCheck
{
    public const double MemoryShareLimit = 0.9;
    public const long MinimumFreeDiskBytes = 512L << 20;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var process = Process.GetCurrentProcess();
        long workingSet = process.WorkingSet64;
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        long freeDisk = -1;
        try
        {
            freeDisk = new DriveInfo(Path.GetFullPath(AppContext.BaseDirectory)).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
        }
        var data = new Dictionary<string, object>
        {
            ["working_set_bytes"] = workingSet,
            ["available_memory_bytes"] = available,
            ["free_disk_bytes"] = freeDisk,
            ["threads"] = process.Threads.Count,
        };
        var problems = new List<string>();
        if (available > 0 && workingSet > MemoryShareLimit * available)
        {
            problems.Add($"working set {workingSet >> 20} MiB is over {MemoryShareLimit:P0} of the {available >> 20} MiB available");
        }
        if (freeDisk >= 0 && freeDisk < MinimumFreeDiskBytes)
        {
            problems.Add($"only {freeDisk >> 20} MiB of disk free");
        }
        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy($"working set {workingSet >> 20} MiB, {freeDisk >> 20} MiB disk free", data)
            : HealthCheckResult.Degraded(string.Join("; ", problems), data: data));
    }
}
