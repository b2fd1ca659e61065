using CredentialHub.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CredentialHub.Monitoring.Health;

/// <summary>
/// Redis answers PING on the host's shared connection. Bounded in time by the connection's own timeouts (the first
/// check may wait for the connect timeout; a PING fails at once while the connection is down, and after the async
/// timeout when the server does not answer). The service works without Redis (rate limits and nonces per instance,
/// proofs from PostgreSQL), so a failure is degraded.
/// </summary>
internal sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var database = await redis.GetDatabaseAsync();
            var ping = await database.PingAsync();
            return HealthCheckResult.Healthy($"PING answered in {ping.TotalMilliseconds:0.0} ms");
        }
        catch (Exception e) when (RedisConnection.IsRedisTrouble(e) || e is OperationCanceledException)
        {
            return HealthCheckResult.Degraded($"Redis does not answer ({e.GetType().Name}): rate limits and nonces are kept per instance and proofs are read from the database until it returns");
        }
    }
}
