using Npgsql;

namespace CredentialHub.Host;

/// <summary>A failure to reach or use PostgreSQL that goes away by itself: the reason for clients, and what caused it.</summary>
internal sealed record TransientDatabaseFailure(string Reason, string? SqlState, Exception Cause)
{
    /// <summary>
    /// The transient database failure in <paramref name="exception"/> or its inner exceptions (EF Core wraps them in
    /// <c>DbUpdateException</c>, in the execution strategy's <c>InvalidOperationException</c> "likely due to a transient
    /// failure", or in <c>RetryLimitExceededException</c>), or null when there is none.
    /// </summary>
    public static TransientDatabaseFailure? Find(Exception exception)
    {
        var pending = new Stack<(Exception Exception, int Depth)>();
        pending.Push((exception, 0));
        while (pending.Count > 0)
        {
            var (current, depth) = pending.Pop();
            if (Classify(current) is { } failure)
            {
                return failure;
            }
            if (depth >= 8)
            {
                continue;
            }
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push((inner, depth + 1));
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push((inner, depth + 1));
            }
        }
        return null;
    }

    private static TransientDatabaseFailure? Classify(Exception exception) => exception switch
    {
        PostgresException server => server.SqlState switch
        {
            PostgresErrorCodes.TooManyConnections => new("too many connections", server.SqlState, server),
            PostgresErrorCodes.AdminShutdown => new("the server is shutting down", server.SqlState, server),
            PostgresErrorCodes.CrashShutdown => new("the server is restarting", server.SqlState, server),
            PostgresErrorCodes.CannotConnectNow => new("the server is not accepting connections yet", server.SqlState, server),
            { } state when state.StartsWith("08", StringComparison.Ordinal) => new("the connection failed", server.SqlState, server),
            _ => null,
        },
        NpgsqlException { InnerException: TimeoutException } pool when pool.Message.Contains("pool", StringComparison.OrdinalIgnoreCase)
            => new("every pooled connection is busy", null, pool),
        NpgsqlException { IsTransient: true } connection => new("the connection failed or timed out", null, connection),
        _ => null,
    };
}
