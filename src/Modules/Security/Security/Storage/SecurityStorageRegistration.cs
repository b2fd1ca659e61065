using System.Runtime.ExceptionServices;
using CredentialHub.Security.Keys;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CredentialHub.Security.Storage;

/// <summary>Registers the API key store chosen by the database connection string, or opens one without a host.</summary>
internal static class SecurityStorageRegistration
{
    /// <summary>
    /// Registers <see cref="IApiKeyStore"/> as a singleton: in process without a connection string; otherwise
    /// PostgreSQL, its schema migrated by a hosted service at start-up. Registers the rate-limit and nonce stores
    /// chosen by <see cref="SecurityStorageOptions.RedisConfiguration"/> (see
    /// <see cref="SecurityRedisRegistration.AddSecurityRedis"/>). Call it before registering hosted services that use
    /// the stores, so that the migration runs first.
    /// </summary>
    /// <exception cref="ArgumentException">The Redis configuration cannot be parsed.</exception>
    public static IServiceCollection AddSecurityStorage(this IServiceCollection services, SecurityStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSecurityRedis(options.RedisConfiguration);
        string? connectionString = options.ConnectionString;

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            services.AddSingleton<IApiKeyStore, InMemoryApiKeyStore>();
            return services;
        }

        services.AddPooledDbContextFactory<SecurityDbContext>(db => Configure(db, connectionString));
        services.AddHostedService<SecurityDatabaseMigrator>();
        services.AddSingleton<IApiKeyStore, PostgresApiKeyStore>();
        return services;
    }

    /// <summary>
    /// A PostgreSQL key store for a process without a host (the <c>keys</c> command): the schema is migrated first,
    /// as the service's start-up would.
    /// </summary>
    /// <exception cref="NpgsqlException">The database cannot be reached or used (EF's "transient failure" wrapper removed, so that the message says why).</exception>
    public static async Task<IApiKeyStore> OpenApiKeyStoreAsync(string connectionString, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var options = new DbContextOptionsBuilder<SecurityDbContext>();
        Configure(options, connectionString);
        var contexts = new PooledDbContextFactory<SecurityDbContext>(options.Options);
        try
        {
            await new SecurityDatabaseMigrator(contexts).StartAsync(cancellationToken);
        }
        catch (InvalidOperationException e) when (e.InnerException is NpgsqlException inner)
        {
            ExceptionDispatchInfo.Throw(inner);
        }
        return new PostgresApiKeyStore(contexts);
    }

    /// <summary>The Npgsql settings of the security context (also used by tests).</summary>
    public static void Configure(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", SecurityDbContext.Schema));
}
