using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace CredentialHub.Proofs.Storage;

/// <summary>Registers the proof store chosen by <see cref="ProofStorageOptions"/>.</summary>
internal static class ProofStorageRegistration
{
    private const string RedisKey = "CredentialHub.Proofs.Storage";

    /// <summary>
    /// Registers <see cref="IProofStore"/> as a singleton: in process without a connection string; otherwise
    /// PostgreSQL (its schema migrated by a hosted service at start-up), behind a Redis cache of finished proofs
    /// when <see cref="ProofStorageOptions.RedisConfiguration"/> is set. Call it before registering hosted
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

        string redisConfiguration = options.RedisConfiguration;
        services.AddKeyedSingleton<IConnectionMultiplexer>(RedisKey, (_, _) => ConnectRedis(redisConfiguration));
        services.AddSingleton<IProofStore>(sp => new RedisProofCache(
            sp.GetRequiredService<PostgresProofStore>(),
            sp.GetRequiredKeyedService<IConnectionMultiplexer>(RedisKey),
            options.CacheTtl,
            sp.GetRequiredService<ILogger<RedisProofCache>>(),
            sp.GetService<TimeProvider>()));
        return services;
    }

    /// <summary>The Npgsql settings of the proofs context (also used by tests).</summary>
    public static void Configure(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", ProofsDbContext.Schema));

    /// <summary>Connects without failing when Redis is down: the multiplexer keeps retrying in the background.</summary>
    public static ConnectionMultiplexer ConnectRedis(string configuration)
    {
        var redis = ConfigurationOptions.Parse(configuration);
        redis.AbortOnConnectFail = false;
        return ConnectionMultiplexer.Connect(redis);
    }
}
