using CredentialHub.Storage;
using Microsoft.EntityFrameworkCore;

namespace CredentialHub.Security.Storage;

/// <summary>Brings the security schema up to date when the host starts (see <see cref="PostgresMigrator{TContext}"/>).</summary>
internal sealed class SecurityDatabaseMigrator(IDbContextFactory<SecurityDbContext> contexts) : PostgresMigrator<SecurityDbContext>(contexts);
