using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace CredentialHub.Proofs.Storage;

/// <summary>
/// Brings the proofs schema up to date when the host starts, before it serves (hosted services start before
/// Kestrel accepts). Safe to run on every start and from several instances at once: EF takes a migration lock
/// and skips applied migrations.
/// </summary>
internal sealed class ProofsDatabaseMigrator(IDbContextFactory<ProofsDbContext> contexts) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        await context.Database.MigrateAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
