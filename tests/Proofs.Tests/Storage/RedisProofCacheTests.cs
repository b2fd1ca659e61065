using CredentialHub.Proofs.Storage;
using StackExchange.Redis;

namespace CredentialHub.Proofs.Tests.Storage;

/// <summary>The Redis cache in front of PostgreSQL: what it caches, for how long, and that losing Redis loses nothing.</summary>
[Collection(PostgresAndRedisCollection.Name)]
public sealed class RedisProofCacheTests(PostgresServer server, RedisServer redis) : IAsyncLifetime
{
    private TestDatabase? _database;
    private PostgresProofStore? _postgres;
    private ConnectionMultiplexer? _multiplexer;

    public async Task InitializeAsync()
    {
        redis.Start();
        _database = await server.CreateDatabaseAsync();
        _postgres = await ProofStores.MigratedPostgresAsync(_database.ConnectionString);
        _multiplexer = ProofStorageRegistration.ConnectRedis(redis.ConfigurationString);
    }

    public async Task DisposeAsync()
    {
        redis.Start();
        _multiplexer?.Dispose();
        await _database!.DisposeAsync();
    }

    private (RedisProofCache Cache, ObservedProofStore Inner, TestLogger<RedisProofCache> Log) NewCache(TimeSpan ttl, TimeProvider? time = null)
    {
        var inner = new ObservedProofStore(_postgres!);
        var log = new TestLogger<RedisProofCache>();
        return (new RedisProofCache(inner, _multiplexer!, ttl, log, time), inner, log);
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
        Assert.True(await _multiplexer!.GetDatabase().KeyExistsAsync(RedisProofCache.KeyOf(done.Id)));
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
        Assert.False(await _multiplexer!.GetDatabase().KeyExistsAsync(RedisProofCache.KeyOf(queued.Id)));

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

        var remaining = await _multiplexer!.GetDatabase().KeyTimeToLiveAsync(RedisProofCache.KeyOf(done.Id));
        Assert.NotNull(remaining);
        Assert.InRange(remaining.Value, TimeSpan.FromMilliseconds(1), ttl);

        await Task.Delay(ttl + TimeSpan.FromMilliseconds(500));
        Assert.False(await _multiplexer.GetDatabase().KeyExistsAsync(RedisProofCache.KeyOf(done.Id)));
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
        while (!_multiplexer!.IsConnected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.True(_multiplexer.IsConnected, "the multiplexer did not reconnect within 30 s");
        await cache.FindAsync(done.Id, default);
        int reads = inner.Finds;
        Assert.Equal(done, await cache.FindAsync(done.Id, default));
        Assert.Equal(reads, inner.Finds);
    }
}
