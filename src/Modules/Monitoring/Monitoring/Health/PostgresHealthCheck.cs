using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

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
