using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using StackExchange.Redis;

namespace CredentialHub.Monitoring.Health;

/// <summary>PostgreSQL answers <c>SELECT 1</c> within a few seconds; without it nothing can be stored, so a failure is unhealthy.</summary>
internal sealed class PostgresHealthCheck(string connectionString) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 3, CommandTimeout = 3, Pooling = true };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(4));
            await connection.OpenAsync(timeout.Token);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy($"answered in {clock.Elapsed.TotalMilliseconds:0} ms", Data(builder));
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            NpgsqlConnection.ClearAllPools();
            return HealthCheckResult.Unhealthy($"PostgreSQL does not answer: {e.GetType().Name}", data: Data(new NpgsqlConnectionStringBuilder(connectionString)));
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
