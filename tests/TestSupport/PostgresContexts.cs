using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CredentialHub.TestSupport;

/// <summary>A module's database contexts over a test database, built as its storage registration builds them, without a host.</summary>
public static class PostgresContexts
{
    /// <summary>
    /// A pooled context factory of its own (as a separate service instance has), its options set by the module's
    /// <c>Configure(builder, connectionString)</c>.
    /// </summary>
    public static IDbContextFactory<TContext> Pooled<TContext>(string connectionString, Action<DbContextOptionsBuilder, string> configure)
        where TContext : DbContext
    {
        var options = new DbContextOptionsBuilder<TContext>();
        configure(options, connectionString);
        return new PooledDbContextFactory<TContext>(options.Options);
    }
}
