using System.Data.Common;
using Npgsql;

namespace CredentialHub.Storage;

/// <summary>
/// The one PostgreSQL connection pool of a process. Npgsql keeps one pool per distinct connection string, so every
/// user of the database in the host (each module's EF Core contexts, their migrators, the PostgreSQL health check)
/// is given exactly the string <see cref="Configure"/> returns and must pass it on unchanged: a copy with one
/// setting changed would be a second pool, outside the bound.
/// </summary>
public static class DatabasePool
{
    /// <summary>
    /// DB_POOL_SIZE when unset: four instances (80 connections) fit under PostgreSQL's default max_connections of 100
    /// with room for its 3 superuser-reserved slots, migrations, backups and an operator's psql.
    /// </summary>
    public const int DefaultSize = 20;

    /// <summary>The largest DB_POOL_SIZE accepted: well past any useful pool (PostgreSQL runs one process per connection).</summary>
    public const int MaxSize = 1000;

    /// <summary>
    /// Seconds to wait for a connection (a free one from the pool, or a new one from the server) unless DATABASE_URL
    /// sets <c>timeout</c>: short enough that a request the pool cannot serve is answered 503 promptly instead of
    /// hanging, long enough to ride out a burst queued behind short queries.
    /// </summary>
    public const int DefaultWaitSeconds = 10;

    /// <summary>The application_name the service's connections carry (pg_stat_activity) unless DATABASE_URL sets one.</summary>
    public const string ApplicationName = "credentialhub";

    /// <summary>
    /// The connection string every database user of the process shares: pooling on, at most <paramref name="poolSize"/>
    /// connections (DB_POOL_SIZE wins over a Maximum Pool Size in DATABASE_URL), a connection wait of
    /// <see cref="DefaultWaitSeconds"/> and application name <paramref name="applicationName"/> unless the connection
    /// string sets them explicitly.
    /// </summary>
    public static string Configure(string connectionString, int poolSize, string applicationName = ApplicationName)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(poolSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(poolSize, MaxSize);
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // Never the connection string itself: it may hold the password.
            throw new ArgumentException($"is not a usable Npgsql connection string ({e.GetType().Name})");
        }
        // The builder's own string lists only the keywords that were given (under their canonical names).
        var given = new DbConnectionStringBuilder { ConnectionString = builder.ConnectionString };
        builder.Pooling = true;
        builder.MaxPoolSize = poolSize;
        builder.MinPoolSize = Math.Min(builder.MinPoolSize, poolSize);
        if (!given.ContainsKey("Timeout"))
        {
            builder.Timeout = DefaultWaitSeconds;
        }
        if (!given.ContainsKey("Application Name"))
        {
            builder.ApplicationName = applicationName;
        }
        return builder.ConnectionString;
    }
}
