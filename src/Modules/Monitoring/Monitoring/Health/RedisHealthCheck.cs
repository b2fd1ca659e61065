using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace CredentialHub.Monitoring.Health;

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
