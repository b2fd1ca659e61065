using CredentialHub.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CredentialHub.Proofs.Storage;

/// <summary>Registers the proof store chosen by <see cref="ProofStorageOptions"/>.</summary>
internal static class ProofStorageRegistration
{
    /// <summary>The key of the proof cache's <see cref="IDistributedCache"/>: the module's own, not the host's default cache.</summary>
    public const string CacheKey = "CredentialHub.Proofs.Storage";

    /// <summary>
    /// Registers <see cref="IProofStore"/> as a singleton: in process without a connection string; otherwise
    /// PostgreSQL (its schema migrated by a hosted service at start-up), behind a Redis cache of finished proofs
    /// when <see cref="ProofStorageOptions.RedisConfiguration"/> is set: a RedisCache (keyed <see cref="CacheKey"/>)
    /// over the host's one <see cref="RedisConnection"/> (registered here unless it is already), which it borrows, so
    /// that disposing the cache leaves the shared connection open. Call it before registering hosted
    /// services that use the store, so that the migration runs first.
    /// </summary>
    public static IServiceCollection AddProofStorage(this IServiceCollection services, ProofStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            services.AddSingleton<IProofStore, InMemoryProofStore>();
            return services;
        }

        string connectionString = options.ConnectionString;
        services.AddPooledDbContextFactory<ProofsDbContext>(db => Configure(db, connectionString));
        services.AddHostedService<ProofsDatabaseMigrator>();
        services.AddSingleton<PostgresProofStore>();

        if (string.IsNullOrWhiteSpace(options.RedisConfiguration))
        {
            services.AddSingleton<IProofStore>(sp => sp.GetRequiredService<PostgresProofStore>());
            return services;
        }

        services.AddRedisConnection(options.RedisConfiguration);
        services.AddKeyedSingleton<IDistributedCache>(CacheKey, (sp, _) => NewCache(sp.GetRequiredService<RedisConnection>()));
        services.AddSingleton<IProofStore>(sp => new RedisProofCache(
            sp.GetRequiredService<PostgresProofStore>(),
            sp.GetRequiredKeyedService<IDistributedCache>(CacheKey),
            options.CacheTtl,
            sp.GetRequiredService<ILogger<RedisProofCache>>(),
            sp.GetService<TimeProvider>()));
        return services;
    }

    /// <summary>The Npgsql settings of the proofs context (also used by tests).</summary>
    public static void Configure(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", ProofsDbContext.Schema));

    /// <summary>
    /// The proof cache's RedisCache over <paramref name="connection"/>, keys prefixed <see cref="RedisProofCache.KeyPrefix"/>.
    /// It connects on its first call, through <see cref="RedisConnection.BorrowAsync"/>: RedisCache closes and disposes
    /// the multiplexer its factory handed it when it is disposed, which must not end the host's shared connection.
    /// </summary>
    public static RedisCache NewCache(RedisConnection connection) =>
        new(Options.Create(new RedisCacheOptions
        {
            InstanceName = RedisProofCache.KeyPrefix,
            ConnectionMultiplexerFactory = connection.BorrowAsync,
        }));
}
