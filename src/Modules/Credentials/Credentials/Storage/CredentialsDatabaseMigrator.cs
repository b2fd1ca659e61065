using Npgsql;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace CredentialHub.Credentials.Storage;

/// <summary>
/// Brings the credentials schema up to date when the host starts, before it serves. Safe on every start and from
/// several instances at once: EF takes a migration lock and skips applied migrations.
/// </summary>
internal sealed class CredentialsDatabaseMigrator(IDbContextFactory<CredentialsDbContext> contexts) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        // EF looks for its history table by querying it, which logs a failed command (at Error) on a new database;
        // creating the schema and the table first, as EF would, keeps a first start's log clean.
        try
        {
            await context.Database.ExecuteSqlRawAsync(
                """
                CREATE SCHEMA IF NOT EXISTS credentials;
                CREATE TABLE IF NOT EXISTS credentials."__EFMigrationsHistory" (
                    "MigrationId" character varying(150) NOT NULL,
                    "ProductVersion" character varying(32) NOT NULL,
                    CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY ("MigrationId"));
                """,
                cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateSchema or PostgresErrorCodes.DuplicateTable)
        {
            // Another instance created them at the same moment; MigrateAsync below takes EF's lock.
        }
        await context.Database.MigrateAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
