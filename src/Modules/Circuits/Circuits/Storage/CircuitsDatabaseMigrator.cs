using CredentialHub.Storage;
using Microsoft.EntityFrameworkCore;

namespace CredentialHub.Circuits.Storage;

/// <summary>Brings the circuits schema up to date when the host starts (see <see cref="PostgresMigrator{TContext}"/>).</summary>
internal sealed class CircuitsDatabaseMigrator(IDbContextFactory<CircuitsDbContext> contexts) : PostgresMigrator<CircuitsDbContext>(contexts);
