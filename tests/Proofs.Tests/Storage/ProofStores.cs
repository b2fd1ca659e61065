using CredentialHub.Proofs.Storage;
using CredentialHub.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Logging.Abstractions;

namespace CredentialHub.Proofs.Tests.Storage;

/// <summary>Builds stores over a test database the way the host does, without the host.</summary>
internal static class ProofStores
{
    public static IDbContextFactory<ProofsDbContext> Contexts(string connectionString) =>
        PostgresContexts.Pooled<ProofsDbContext>(connectionString, ProofStorageRegistration.Configure);

    /// <summary>A Postgres store over the database, its schema migrated (as the host's hosted service does).</summary>
    public static async Task<PostgresProofStore> MigratedPostgresAsync(string connectionString)
    {
        var contexts = Contexts(connectionString);
        await new ProofsDatabaseMigrator(contexts).StartAsync(default);
        return new PostgresProofStore(contexts);
    }
}

public sealed class InMemoryProofStoreTests : ProofStoreContract
{
    private protected override IProofStore Store { get; } = new InMemoryProofStore();
}

[Collection(PostgresAndRedisCollection.Name)]
public sealed class PostgresProofStoreTests(PostgresServer server) : ProofStoreContract, IAsyncLifetime
{
    private TestDatabase? _database;
    private IProofStore? _store;

    private protected override IProofStore Store => _store!;

    public async Task InitializeAsync()
    {
        _database = await server.CreateDatabaseAsync();
        _store = await ProofStores.MigratedPostgresAsync(_database.ConnectionString);
    }

    public async Task DisposeAsync() => await _database!.DisposeAsync();
}

[Collection(PostgresAndRedisCollection.Name)]
public sealed class RedisCachedPostgresProofStoreTests(PostgresServer server, RedisServer redis) : ProofStoreContract, IAsyncLifetime
{
    private TestDatabase? _database;
    private RedisConnection? _connection;
    private RedisCache? _cache;
    private IProofStore? _store;

    private protected override IProofStore Store => _store!;

    public async Task InitializeAsync()
    {
        redis.Start();
        _database = await server.CreateDatabaseAsync();
        _connection = new RedisConnection(redis.ConfigurationString);
        _cache = ProofStorageRegistration.NewCache(_connection);
        _store = new RedisProofCache(
            await ProofStores.MigratedPostgresAsync(_database.ConnectionString), _cache, TimeSpan.FromMinutes(5), NullLogger<RedisProofCache>.Instance);
    }

    public async Task DisposeAsync()
    {
        _cache?.Dispose();
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
        await _database!.DisposeAsync();
    }
}
