using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace CredentialHub.Circuits.Registry.Storage;

/// <summary>
/// Brings the circuits schema up to date when the host starts, before it serves. Safe on every start and from
/// several instances at once: EF takes a migration lock and skips applied migrations.
/// </summary>
internal sealed class CircuitsDatabaseMigrator(IDbContextFactory<CircuitsDbContext> contexts) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        await context.Database.MigrateAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
