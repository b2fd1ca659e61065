using CredentialHub.Storage;
using Microsoft.EntityFrameworkCore;

namespace CredentialHub.Credentials.Storage;

/// <summary>Brings the credentials schema up to date when the host starts (see <see cref="PostgresMigrator{TContext}"/>).</summary>
internal sealed class CredentialsDatabaseMigrator(IDbContextFactory<CredentialsDbContext> contexts) : PostgresMigrator<CredentialsDbContext>(contexts);
