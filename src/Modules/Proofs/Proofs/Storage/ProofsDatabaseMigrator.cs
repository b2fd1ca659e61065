using CredentialHub.Storage;
using Microsoft.EntityFrameworkCore;

namespace CredentialHub.Proofs.Storage;

/// <summary>Brings the proofs schema up to date when the host starts (see <see cref="PostgresMigrator{TContext}"/>).</summary>
internal sealed class ProofsDatabaseMigrator(IDbContextFactory<ProofsDbContext> contexts) : PostgresMigrator<ProofsDbContext>(contexts);
