using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace CredentialHub.Storage;

/// <summary>
/// Brings a module's PostgreSQL schema (the context's default schema, which also holds its migration history) up to
/// date when the host starts, before it serves. Safe on every start and from several instances at once: every
/// module's migrator takes the same session advisory lock, so instances take turns (EF's own migration lock does
/// not cover every step on PostgreSQL: two instances adding the same column collide), and EF skips applied
/// migrations. The schema and the history table are created first, as EF would, because EF finds out whether the
/// history table exists by querying it, which logs a failed command at Error on a new database.
/// </summary>
public abstract class PostgresMigrator<TContext>(IDbContextFactory<TContext> contexts) : IHostedService
    where TContext : DbContext
{
    /// <summary>The advisory lock every migrator takes.</summary>
    public const long LockKey = 7305220419;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        string schema = context.Model.GetDefaultSchema() ?? throw new InvalidOperationException($"{typeof(TContext).Name} has no default schema");
        if (!Regex.IsMatch(schema, "^[a-z_][a-z0-9_]*$"))
        {
            throw new InvalidOperationException($"schema name '{schema}' is not a plain lower-case identifier");
        }
        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await context.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({LockKey})", cancellationToken);
            try
            {
                // The schema name is checked above (a plain identifier): interpolating it is safe.
#pragma warning disable EF1002
                await context.Database.ExecuteSqlRawAsync(
                    $"""
                    CREATE SCHEMA IF NOT EXISTS {schema};
                    CREATE TABLE IF NOT EXISTS {schema}."__EFMigrationsHistory" (
                        "MigrationId" character varying(150) NOT NULL,
                        "ProductVersion" character varying(32) NOT NULL,
                        CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY ("MigrationId"));
                    """,
                    cancellationToken);
#pragma warning restore EF1002
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateSchema or PostgresErrorCodes.DuplicateTable)
            {
                // Created by a process that does not take the lock (an older version) at the same moment.
            }
            await context.Database.MigrateAsync(cancellationToken);
        }
        finally
        {
            await context.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
            await context.Database.CloseConnectionAsync();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
