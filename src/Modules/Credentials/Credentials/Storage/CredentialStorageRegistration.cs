using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CredentialHub.Credentials.Storage;

/// <summary>Registers the credential store chosen by <see cref="CredentialStorageOptions"/>.</summary>
internal static class CredentialStorageRegistration
{
    /// <summary>
    /// Registers <see cref="ICredentialStore"/> as a singleton: in process without a connection string; otherwise
    /// PostgreSQL, its schema migrated by a hosted service at start-up. Call it before registering hosted services
    /// that use the store, so that the migration runs first.
    /// </summary>
    public static IServiceCollection AddCredentialStorage(this IServiceCollection services, CredentialStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            services.AddSingleton<ICredentialStore, InMemoryCredentialStore>();
            return services;
        }

        string connectionString = options.ConnectionString;
        services.AddPooledDbContextFactory<CredentialsDbContext>(db => Configure(db, connectionString));
        services.AddHostedService<CredentialsDatabaseMigrator>();
        services.AddSingleton<ICredentialStore, PostgresCredentialStore>();
        return services;
    }

    /// <summary>The Npgsql settings of the credentials context (also used by tests).</summary>
    public static void Configure(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", CredentialsDbContext.Schema));
}
