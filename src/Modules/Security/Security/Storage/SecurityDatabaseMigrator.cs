using Npgsql;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace CredentialHub.Security.Storage;

/// <summary>
/// Brings the security schema up to date when the host starts, before it serves (and before the <c>keys</c> command
/// uses the database). Safe on every start and from several instances at once: EF takes a migration lock and skips
/// applied migrations.
/// </summary>
internal sealed class SecurityDatabaseMigrator(IDbContextFactory<SecurityDbContext> contexts) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        // Instances starting together take turns: EF's own migration lock does not cover every step on PostgreSQL
        // (two instances applying the same added column collide), so migrations run under a session advisory lock
        // shared by every module's migrator.
        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await context.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock(7305220419)", cancellationToken);
            // EF looks for its history table by querying it, which logs a failed command (at Error) on a new database;
            // creating the schema and the table first, as EF would, keeps a first start's log clean.
            try
            {
                await context.Database.ExecuteSqlRawAsync(
                    """
                    CREATE SCHEMA IF NOT EXISTS security;
                    CREATE TABLE IF NOT EXISTS security."__EFMigrationsHistory" (
                        "MigrationId" character varying(150) NOT NULL,
                        "ProductVersion" character varying(32) NOT NULL,
                        CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY ("MigrationId"));
                    """,
                    cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateSchema or PostgresErrorCodes.DuplicateTable)
            {
                // Another instance created them at the same moment.
            }
            await context.Database.MigrateAsync(cancellationToken);
        }
        finally
        {
            await context.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock(7305220419)", CancellationToken.None);
            await context.Database.CloseConnectionAsync();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
