using CredentialHub.Security.RateLimiting;
using CredentialHub.Security.Storage;
using CredentialHub.Storage;
using StackExchange.Redis;

namespace CredentialHub.Security.Tests.RateLimiting;

/// <summary>What every <see cref="IRateLimitStore"/> does, run against each implementation by a subclass.</summary>
public abstract class RateLimitStoreContract
{
    /// <summary>A window long enough for any burst of calls in a test to land inside it.</summary>
    protected static readonly TimeSpan LongWindow = TimeSpan.FromMinutes(1);

    /// <summary>The store under test.</summary>
    private protected abstract IRateLimitStore Store { get; }

    /// <summary>Another store over the same state, as another instance of the service would open it.</summary>
    private protected abstract IRateLimitStore AnotherInstance();

    /// <summary>A window short enough to wait out in a test.</summary>
    protected abstract TimeSpan Window { get; }

    /// <summary>Lets <paramref name="duration"/> pass on the store's clock.</summary>
    protected abstract Task PassAsync(TimeSpan duration);

    protected static string NewKey() => $"test:{Guid.NewGuid():N}";

    private async Task<RateLimitDecision> RefusedAfterFillingAsync(string key, int limit, TimeSpan window)
    {
        for (int i = 0; i < limit; i++)
        {
            var decision = await Store.TryAcquireAsync(key, limit, window, default);
            Assert.True(decision.Allowed, $"hit {i + 1} of {limit} was refused");
            Assert.Equal(TimeSpan.Zero, decision.RetryAfter);
        }
        var refused = await Store.TryAcquireAsync(key, limit, window, default);
        Assert.False(refused.Allowed, $"hit {limit + 1} of a limit of {limit} was allowed");
        Assert.InRange(refused.RetryAfter, TimeSpan.FromTicks(1), window);
        return refused;
    }

    [Fact]
    public async Task Exactly_the_limit_is_allowed_in_a_window_and_the_next_hit_is_told_how_long_to_wait()
    {
        string key = NewKey();
        await RefusedAfterFillingAsync(key, 5, Window);

        var again = await AnotherInstance().TryAcquireAsync(key, 5, Window, default);
        Assert.False(again.Allowed);
        Assert.InRange(again.RetryAfter, TimeSpan.FromTicks(1), Window);
    }

    [Fact]
    public async Task Once_the_window_has_passed_hits_are_allowed_again_up_to_the_limit()
    {
        string key = NewKey();
        var refused = await RefusedAfterFillingAsync(key, 3, Window);

        await PassAsync(refused.RetryAfter + TimeSpan.FromMilliseconds(50));

        await RefusedAfterFillingAsync(key, 3, Window);
    }

    [Fact]
    public async Task A_refused_hit_is_not_counted()
    {
        string key = NewKey();
        await RefusedAfterFillingAsync(key, 2, Window);
        for (int i = 0; i < 10; i++)
        {
            Assert.False((await Store.TryAcquireAsync(key, 2, Window, default)).Allowed);
        }

        await PassAsync(Window + TimeSpan.FromMilliseconds(50));

        await RefusedAfterFillingAsync(key, 2, Window);
    }

    [Fact]
    public async Task Keys_are_independent()
    {
        string first = NewKey(), second = NewKey();
        await RefusedAfterFillingAsync(first, 3, LongWindow);

        await RefusedAfterFillingAsync(second, 3, LongWindow);
        Assert.True((await Store.TryAcquireAsync(NewKey(), 1, LongWindow, default)).Allowed);
        Assert.False((await Store.TryAcquireAsync(first, 3, LongWindow, default)).Allowed);
    }

    [Fact]
    public async Task Of_200_concurrent_hits_on_two_instances_with_a_limit_of_50_exactly_50_are_allowed()
    {
        string key = NewKey();
        IRateLimitStore[] instances = [Store, AnotherInstance()];
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var hits = Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await instances[i % 2].TryAcquireAsync(key, 50, LongWindow, default);
        })).ToList();
        start.SetResult();
        var decisions = (await Task.WhenAll(hits)).ToList();

        Assert.Equal(200, decisions.Count);
        Assert.Equal(50, decisions.Count(d => d.Allowed));
        Assert.All(decisions.Where(d => !d.Allowed), d => Assert.InRange(d.RetryAfter, TimeSpan.FromTicks(1), LongWindow));
    }

    [Fact]
    public async Task A_limit_below_one_or_an_empty_window_is_a_caller_error()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.TryAcquireAsync(NewKey(), 0, Window, default));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.TryAcquireAsync(NewKey(), 1, TimeSpan.Zero, default));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Store.TryAcquireAsync(null!, 1, Window, default));
    }
}

public sealed class InMemoryRateLimitStoreTests : RateLimitStoreContract
{
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero));
    private readonly InMemoryRateLimitStore _store;

    public InMemoryRateLimitStoreTests() => _store = new InMemoryRateLimitStore(_clock);

    private protected override IRateLimitStore Store => _store;

    // One process, one store: "another instance" is the same store.
    private protected override IRateLimitStore AnotherInstance() => _store;

    protected override TimeSpan Window => TimeSpan.FromSeconds(10);

    protected override Task PassAsync(TimeSpan duration)
    {
        _clock.Advance(duration);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_window_slides_each_hit_leaving_it_exactly_one_window_after_it_was_made()
    {
        string key = NewKey();
        var window = TimeSpan.FromSeconds(10);
        Assert.True((await _store.TryAcquireAsync(key, 2, window, default)).Allowed);
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.True((await _store.TryAcquireAsync(key, 2, window, default)).Allowed);
        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(new RateLimitDecision(false, TimeSpan.FromSeconds(4)), await _store.TryAcquireAsync(key, 2, window, default));
        _clock.Advance(TimeSpan.FromSeconds(4) - TimeSpan.FromTicks(1));
        Assert.Equal(new RateLimitDecision(false, TimeSpan.FromTicks(1)), await _store.TryAcquireAsync(key, 2, window, default));
        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.True((await _store.TryAcquireAsync(key, 2, window, default)).Allowed);
        Assert.Equal(new RateLimitDecision(false, TimeSpan.FromSeconds(4)), await _store.TryAcquireAsync(key, 2, window, default));
    }

    [Fact]
    public async Task Keys_whose_hits_have_all_left_the_window_are_swept()
    {
        for (int i = 0; i < 5000; i++)
        {
            Assert.True((await _store.TryAcquireAsync($"client:{i}", 1, TimeSpan.FromSeconds(1), default)).Allowed);
        }
        Assert.Equal(5000, _store.KeyCount);
        Assert.True((await _store.TryAcquireAsync("long", 1, TimeSpan.FromHours(1), default)).Allowed);

        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True((await _store.TryAcquireAsync("another", 1, TimeSpan.FromSeconds(1), default)).Allowed);

        // The long window's hit is still in it, and still counts.
        Assert.Equal(2, _store.KeyCount);
        Assert.False((await _store.TryAcquireAsync("long", 1, TimeSpan.FromHours(1), default)).Allowed);
    }

    [Fact]
    public async Task Many_distinct_keys_in_one_instant_are_swept_as_their_number_grows()
    {
        for (int i = 0; i < 20_000; i++)
        {
            await _store.TryAcquireAsync($"client:{i}", 1, TimeSpan.FromSeconds(1), default);
            if (i % 1000 == 999)
            {
                _clock.Advance(TimeSpan.FromSeconds(2));
            }
        }
        // Without a time-based sweep falling due (under a minute passed), the count-based one keeps memory bounded.
        Assert.InRange(_store.KeyCount, 1, 4096);
    }
}

/// <summary>The Redis store against a real server, from two connections as two service instances would.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisRateLimitStoreTests(RedisServer redis) : RateLimitStoreContract, IAsyncLifetime
{
    private readonly List<RedisConnection> _connections = [];
    private RedisRateLimitStore? _store;

    private protected override IRateLimitStore Store => _store!;

    private protected override IRateLimitStore AnotherInstance() => new RedisRateLimitStore(Connect());

    protected override TimeSpan Window => TimeSpan.FromSeconds(1);

    protected override Task PassAsync(TimeSpan duration) => Task.Delay(duration);

    public Task InitializeAsync()
    {
        redis.Start();
        _store = new RedisRateLimitStore(Connect());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>Reads Redis directly, through the first connection.</summary>
    private async Task<T> InspectAsync<T>(Func<IDatabase, Task<T>> read) => await read(await _connections[0].GetDatabaseAsync());

    private RedisConnection Connect()
    {
        var connection = new RedisConnection(redis.ConfigurationString);
        _connections.Add(connection);
        return connection;
    }

    [Fact]
    public async Task Hits_are_a_sorted_set_under_the_prefix_that_expires_a_window_after_the_last_hit()
    {
        string key = NewKey();
        await _store!.TryAcquireAsync(key, 3, TimeSpan.FromSeconds(30), default);
        await _store.TryAcquireAsync(key, 3, TimeSpan.FromSeconds(30), default);

        string redisKey = RedisRateLimitStore.KeyPrefix + key;
        Assert.Equal("credentialhub:ratelimit:", RedisRateLimitStore.KeyPrefix);
        Assert.Equal(RedisType.SortedSet, await InspectAsync(db => db.KeyTypeAsync(redisKey)));
        var hits = await InspectAsync(db => db.SortedSetRangeByRankWithScoresAsync(redisKey));
        Assert.Equal(2, hits.Length);
        Assert.NotEqual(hits[0].Element, hits[1].Element);
        // Scored in microseconds of the server's clock.
        var time = (RedisResult[])(await InspectAsync(db => db.ScriptEvaluateAsync("return redis.call('TIME')")))!;
        long serverMicroseconds = (long)time[0] * 1_000_000 + (long)time[1];
        Assert.All(hits, h => Assert.InRange((long)h.Score, serverMicroseconds - 10_000_000, serverMicroseconds));
        var ttl = await InspectAsync(db => db.KeyTimeToLiveAsync(redisKey));
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_set_whose_window_has_passed_is_gone()
    {
        string key = NewKey();
        await _store!.TryAcquireAsync(key, 3, TimeSpan.FromMilliseconds(300), default);
        await Task.Delay(700);

        Assert.False(await InspectAsync(db => db.KeyExistsAsync(RedisRateLimitStore.KeyPrefix + key)));
    }

    [Fact]
    public async Task With_redis_down_the_store_throws_a_redis_error_within_the_timeout()
    {
        var store = new RedisRateLimitStore(Connect());
        redis.Stop();
        try
        {
            var started = DateTime.UtcNow;
            var error = await Assert.ThrowsAnyAsync<Exception>(() => store.TryAcquireAsync(NewKey(), 1, Window, default));
            Assert.True(RedisConnection.IsRedisTrouble(error), $"{error.GetType()}: {error.Message}");
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(8), "the call was not bounded by the connect and sync timeouts");
        }
        finally
        {
            redis.Start();
        }
    }
}
