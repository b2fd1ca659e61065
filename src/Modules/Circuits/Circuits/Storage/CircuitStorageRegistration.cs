using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CredentialHub.Circuits.Storage;

/// <summary>Registers the circuit store chosen by <see cref="CircuitStorageOptions"/>.</summary>
internal static class CircuitStorageRegistration
{
    /// <summary>
    /// Registers <see cref="ICircuitStore"/> as a singleton: in process without a connection string; otherwise
    /// PostgreSQL, its schema migrated by a hosted service at start-up. Call it before registering hosted services
    /// that use the store, so that the migration runs first.
    /// </summary>
    public static IServiceCollection AddCircuitStorage(this IServiceCollection services, CircuitStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            services.AddSingleton<ICircuitStore, InMemoryCircuitStore>();
            return services;
        }

        string connectionString = options.ConnectionString;
        services.AddPooledDbContextFactory<CircuitsDbContext>(db => Configure(db, connectionString));
        services.AddHostedService<CircuitsDatabaseMigrator>();
        services.AddSingleton<ICircuitStore, PostgresCircuitStore>();
        return services;
    }

    /// <summary>The Npgsql settings of the circuits context (also used by tests).</summary>
    public static void Configure(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", CircuitsDbContext.Schema));
}
