using CredentialHub.Proofs.Storage;
using CredentialHub.Storage;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using StackExchange.Redis;

namespace CredentialHub.Proofs.Tests.Storage;

/// <summary>The Redis cache in front of PostgreSQL: what it caches, for how long, and that losing Redis loses nothing.</summary>
[Collection(PostgresAndRedisCollection.Name)]
public sealed class RedisProofCacheTests(PostgresServer server, RedisServer redis) : IAsyncLifetime
{
    private TestDatabase? _database;
    private PostgresProofStore? _postgres;
    private RedisConnection? _connection;
    private RedisCache? _distributed;

    public async Task InitializeAsync()
    {
        redis.Start();
        _database = await server.CreateDatabaseAsync();
        _postgres = await ProofStores.MigratedPostgresAsync(_database.ConnectionString);
        _connection = new RedisConnection(redis.ConfigurationString);
        _distributed = ProofStorageRegistration.NewCache(_connection);
    }

    public async Task DisposeAsync()
    {
        redis.Start();
        _distributed?.Dispose();
        await _connection!.DisposeAsync();
        await _database!.DisposeAsync();
    }

    /// <summary>Reads Redis directly, through the shared connection.</summary>
    private Task<IDatabase> RedisAsync() => _connection!.GetDatabaseAsync();

    private (RedisProofCache Cache, ObservedProofStore Inner, TestLogger<RedisProofCache> Log) NewCache(TimeSpan ttl, TimeProvider? time = null)
    {
        var inner = new ObservedProofStore(_postgres!);
        var log = new TestLogger<RedisProofCache>();
        return (new RedisProofCache(inner, _distributed!, ttl, log, time), inner, log);
    }

    [Fact]
    public async Task A_finished_proof_is_served_from_the_cache_after_the_first_read()
    {
        var (cache, inner, log) = NewCache(TimeSpan.FromMinutes(5));
        var done = ProofStoreContract.Succeeded(ProofStoreContract.Queued());
        await _postgres!.AddAsync(done, default);

        Assert.Equal(done, await cache.FindAsync(done.Id, default));
        Assert.Equal(1, inner.Finds);
        Assert.Equal(done, await cache.FindAsync(done.Id, default));
        Assert.Equal(done, await cache.FindAsync(done.Id, default));
        Assert.Equal(1, inner.Finds);
        Assert.True(await (await RedisAsync()).KeyExistsAsync(RedisProofCache.KeyOf(done.Id)));
        Assert.Equal(0, log.Warnings);
    }

    [Fact]
    public async Task A_proof_finished_through_the_cache_is_cached_at_once_and_unfinished_ones_never()
    {
        var (cache, inner, _) = NewCache(TimeSpan.FromMinutes(5));
        var queued = ProofStoreContract.Queued();
        await cache.AddAsync(queued, default);
        await cache.FindAsync(queued.Id, default);
        await cache.FindAsync(queued.Id, default);
        Assert.Equal(2, inner.Finds);
        Assert.False(await (await RedisAsync()).KeyExistsAsync(RedisProofCache.KeyOf(queued.Id)));

        var failed = ProofStoreContract.Failed(queued);
        await cache.UpdateAsync(failed, default);
        Assert.Equal(failed, await cache.FindAsync(queued.Id, default));
        Assert.Equal(2, inner.Finds);
    }

    [Fact]
    public async Task A_cached_proof_expires_after_the_ttl()
    {
        var ttl = TimeSpan.FromSeconds(1);
        var (cache, inner, _) = NewCache(ttl);
        var done = ProofStoreContract.Succeeded(ProofStoreContract.Queued());
        await _postgres!.AddAsync(done, default);
        await cache.FindAsync(done.Id, default);

        var remaining = await (await RedisAsync()).KeyTimeToLiveAsync(RedisProofCache.KeyOf(done.Id));
        Assert.NotNull(remaining);
        Assert.InRange(remaining.Value, TimeSpan.FromMilliseconds(1), ttl);

        await Task.Delay(ttl + TimeSpan.FromMilliseconds(500));
        Assert.False(await (await RedisAsync()).KeyExistsAsync(RedisProofCache.KeyOf(done.Id)));
        Assert.Equal(done, await cache.FindAsync(done.Id, default));
        Assert.Equal(2, inner.Finds);
    }

    [Fact]
    public async Task With_redis_stopped_mid_test_reads_and_writes_go_through_postgres_and_one_warning_is_logged()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var (cache, inner, log) = NewCache(TimeSpan.FromMinutes(5), clock);
        var cached = ProofStoreContract.Queued();
        await cache.AddAsync(cached, default);
        await cache.UpdateAsync(ProofStoreContract.Succeeded(cached), default);

        redis.Stop();

        Assert.Equal(ProofStatus.Succeeded, (await cache.FindAsync(cached.Id, default))!.Status);
        var fresh = ProofStoreContract.Queued();
        await cache.AddAsync(fresh, default);
        await cache.UpdateAsync(fresh with { Status = ProofStatus.Running }, default);
        await cache.UpdateAsync(ProofStoreContract.Failed(fresh), default);
        Assert.Equal(ProofStoreContract.Failed(fresh), await cache.FindAsync(fresh.Id, default));
        var verification = new VerificationRecord(Guid.NewGuid(), cached.Id, cached.CircuitId, true, null, DateTimeOffset.UnixEpoch);
        await cache.AddVerificationAsync(verification, default);
        Assert.Equal([verification], await cache.VerificationsOfAsync(cached.Id, default));
        Assert.True(inner.Finds >= 2);
        Assert.Equal(1, log.Warnings);
        Assert.Contains(log.Entries, e => e.Message.Contains("Redis", StringComparison.Ordinal));

        clock.Advance(TimeSpan.FromSeconds(59));
        await cache.FindAsync(fresh.Id, default);
        Assert.Equal(1, log.Warnings);
        clock.Advance(TimeSpan.FromSeconds(2));
        await cache.FindAsync(fresh.Id, default);
        Assert.Equal(2, log.Warnings);
    }

    [Fact]
    public async Task When_redis_comes_back_the_cache_serves_again()
    {
        var (cache, inner, _) = NewCache(TimeSpan.FromMinutes(5));
        var done = ProofStoreContract.Succeeded(ProofStoreContract.Queued());
        await _postgres!.AddAsync(done, default);
        redis.Stop();
        await cache.FindAsync(done.Id, default);
        redis.Start();

        // The multiplexer reconnects by itself within a few seconds.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!_connection!.IsConnected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.True(_connection.IsConnected, "the multiplexer did not reconnect within 30 s");
        await cache.FindAsync(done.Id, default);
        int reads = inner.Finds;
        Assert.Equal(done, await cache.FindAsync(done.Id, default));
        Assert.Equal(reads, inner.Finds);
    }

    [Fact]
    public async Task A_cached_proof_is_a_redis_hash_under_the_proof_key_that_expires_with_the_ttl()
    {
        var (cache, _, _) = NewCache(TimeSpan.FromMinutes(5));
        var done = ProofStoreContract.Succeeded(ProofStoreContract.Queued());
        await cache.AddAsync(done, default);

        var database = await RedisAsync();
        Assert.Equal($"credentialhub:proofs:{done.Id:N}", RedisProofCache.KeyOf(done.Id));
        Assert.Equal(RedisType.Hash, await database.KeyTypeAsync(RedisProofCache.KeyOf(done.Id)));
        var ttl = await database.KeyTimeToLiveAsync(RedisProofCache.KeyOf(done.Id));
        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
        // A read does not extend the TTL (an absolute expiry, as PROOF_CACHE_TTL says).
        await database.KeyExpireAsync(RedisProofCache.KeyOf(done.Id), TimeSpan.FromMinutes(2));
        Assert.Equal(done, await cache.FindAsync(done.Id, default));
        Assert.InRange((await database.KeyTimeToLiveAsync(RedisProofCache.KeyOf(done.Id)))!.Value, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task Disposing_the_cache_leaves_the_shared_connection_open()
    {
        using var distributed = ProofStorageRegistration.NewCache(_connection!);
        var log = new TestLogger<RedisProofCache>();
        var cache = new RedisProofCache(new ObservedProofStore(_postgres!), distributed, TimeSpan.FromMinutes(5), log);
        var done = ProofStoreContract.Succeeded(ProofStoreContract.Queued());
        await cache.AddAsync(done, default);
        Assert.True(await (await RedisAsync()).KeyExistsAsync(RedisProofCache.KeyOf(done.Id)));

        distributed.Dispose();

        // The cache is gone (its calls now fail, and the store of record answers with a warning)...
        await Assert.ThrowsAsync<ObjectDisposedException>(() => distributed.GetAsync(RedisProofCache.CacheKeyOf(done.Id)));
        Assert.Equal(done, await cache.FindAsync(done.Id, default));
        Assert.Equal(1, log.Warnings);
        // ... and the connection it used is the host's, still open for everyone else.
        Assert.True(_connection!.IsConnected);
        var database = await RedisAsync();
        await database.PingAsync();
        Assert.True(await database.KeyExistsAsync(RedisProofCache.KeyOf(done.Id)));
        // Another cache over the same connection works.
        var (other, _, otherLog) = NewCache(TimeSpan.FromMinutes(5));
        Assert.Equal(done, await other.FindAsync(done.Id, default));
        Assert.Equal(0, otherLog.Warnings);
    }

    [Fact]
    public async Task RedisCache_disposes_a_multiplexer_it_is_handed_as_it_is_which_is_why_it_borrows_the_shared_one()
    {
        // The library's behaviour the borrowed view guards against: with the multiplexer itself, disposing the
        // cache disposes it.
        var options = RedisConnection.ParseOptions(redis.ConfigurationString);
        using var own = await ConnectionMultiplexer.ConnectAsync(options);
        var cache = new RedisCache(Microsoft.Extensions.Options.Options.Create(new RedisCacheOptions
        {
            ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(own),
        }));
        await cache.SetAsync("credentialhub:test:" + Guid.NewGuid().ToString("N"), [1], new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1) });
        Assert.True(own.IsConnected);

        cache.Dispose();

        Assert.False(own.IsConnected);
        await Assert.ThrowsAnyAsync<Exception>(() => own.GetDatabase().PingAsync());
    }

    [Fact]
    public async Task The_borrowed_view_cannot_close_the_shared_multiplexer_and_its_databases_name_the_view()
    {
        var shared = await _connection!.ConnectAsync();
        var borrowed = await _connection.BorrowAsync();
        Assert.Same(borrowed, await _connection.BorrowAsync());
        Assert.NotSame(shared, borrowed);
        var database = borrowed.GetDatabase();
        Assert.Same(borrowed, database.Multiplexer);
        await database.StringSetAsync("credentialhub:test:borrowed", "1", TimeSpan.FromMinutes(1));
        Assert.Equal("1", (string?)await shared.GetDatabase().StringGetAsync("credentialhub:test:borrowed"));

        borrowed.Close();
        await borrowed.CloseAsync();
        borrowed.Dispose();
        await borrowed.DisposeAsync();
        database.Multiplexer.Dispose();

        Assert.True(shared.IsConnected);
        Assert.True(borrowed.IsConnected);
        Assert.Equal("1", (string?)await database.StringGetAsync("credentialhub:test:borrowed"));
    }
}
