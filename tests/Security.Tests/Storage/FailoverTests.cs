using CredentialHub.Security.Contracts;
using CredentialHub.Security.Nonces;
using CredentialHub.Security.RateLimiting;
using CredentialHub.Security.Storage;
using CredentialHub.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace CredentialHub.Security.Tests.Storage;

/// <summary>StackExchange.Redis exceptions as the client throws them, through their public constructors.</summary>
internal static class RedisErrors
{
    public static RedisConnectionException Connection(string message) =>
        new(ConnectionFailureType.UnableToConnect, CommandFlags.None, message, null, CommandStatus.Unknown);
}

/// <summary>A stand-in for a Redis store: allows everything, or fails with <see cref="Failure"/>; counts its calls.</summary>
internal sealed class ScriptedRedisStore : IRateLimitStore
{
    private int _calls;

    public Func<Exception>? Failure { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    public Task<RateLimitDecision> TryAcquireAsync(string key, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return Failure is { } failure
            ? Task.FromException<RateLimitDecision>(failure())
            : Task.FromResult(new RateLimitDecision(true, TimeSpan.Zero));
    }
}

/// <summary>The failover rules with a scripted Redis: when the fallback answers, how often Redis is retried, what is logged.</summary>
public sealed class RedisFailoverTests
{
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero));
    private readonly ScriptedRedisStore _redis = new();
    private readonly TestLogger<FailoverRateLimitStore> _log = new();
    private readonly FailoverRateLimitStore _store;

    public RedisFailoverTests() => _store = new FailoverRateLimitStore(_redis, new InMemoryRateLimitStore(_clock), _log, _clock);

    public static TheoryData<string> RedisFailures => ["connection", "timeout", "server", "disposed", "wait-timeout"];

    private static Exception Failure(string kind) => kind switch
    {
        "connection" => RedisErrors.Connection("No connection is available to service this operation"),
        "timeout" => new RedisTimeoutException(CommandFlags.None, "Timeout performing EVAL", CommandStatus.Sent),
        "server" => new RedisServerException(RedisErrorKind.Loading, CommandFlags.None, "LOADING Redis is loading the dataset in memory"),
        "disposed" => new ObjectDisposedException("ConnectionMultiplexer"),
        "wait-timeout" => new TimeoutException(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(RedisFailures))]
    public async Task On_redis_trouble_the_in_process_store_answers_enforcing_the_limit_and_one_warning_is_logged(string kind)
    {
        _redis.Failure = () => Failure(kind);

        for (int i = 0; i < 3; i++)
        {
            Assert.True((await _store.TryAcquireAsync("k", 3, TimeSpan.FromMinutes(1), default)).Allowed);
        }
        for (int i = 0; i < 5; i++)
        {
            var refused = await _store.TryAcquireAsync("k", 3, TimeSpan.FromMinutes(1), default);
            Assert.False(refused.Allowed);
            Assert.Equal(TimeSpan.FromMinutes(1), refused.RetryAfter);
        }

        Assert.True(_store.InOutage);
        var warning = Assert.Single(_log.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.StartsWith("Redis is unreachable: rate limits are enforced per instance until it returns", warning.Message, StringComparison.Ordinal);
        Assert.Equal(1, _redis.Calls);
    }

    [Fact]
    public async Task During_an_outage_redis_is_retried_at_most_every_5_seconds_and_recovery_is_logged_once()
    {
        _redis.Failure = () => RedisErrors.Connection("down");
        await _store.TryAcquireAsync("k", 100, TimeSpan.FromMinutes(1), default);
        Assert.Equal(1, _redis.Calls);

        _clock.Advance(TimeSpan.FromSeconds(4.9));
        await _store.TryAcquireAsync("k", 100, TimeSpan.FromMinutes(1), default);
        Assert.Equal(1, _redis.Calls);
        _clock.Advance(TimeSpan.FromSeconds(0.1));
        await _store.TryAcquireAsync("k", 100, TimeSpan.FromMinutes(1), default);
        await _store.TryAcquireAsync("k", 100, TimeSpan.FromMinutes(1), default);
        Assert.Equal(2, _redis.Calls);
        Assert.Equal(1, _log.Warnings);

        _redis.Failure = null;
        _clock.Advance(TimeSpan.FromSeconds(4));
        await _store.TryAcquireAsync("k", 100, TimeSpan.FromMinutes(1), default);
        Assert.Equal(2, _redis.Calls);
        Assert.True(_store.InOutage);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await _store.TryAcquireAsync("k", 100, TimeSpan.FromMinutes(1), default);
        Assert.Equal(3, _redis.Calls);
        Assert.False(_store.InOutage);
        await _store.TryAcquireAsync("k", 100, TimeSpan.FromMinutes(1), default);
        Assert.Equal(4, _redis.Calls);

        Assert.Equal(1, _log.Warnings);
        var back = Assert.Single(_log.Entries, e => e.Level == LogLevel.Information);
        Assert.Contains("Redis is reachable again", back.Message, StringComparison.Ordinal);

        // A second outage is a second warning.
        _redis.Failure = () => new TimeoutException();
        await _store.TryAcquireAsync("k", 100, TimeSpan.FromMinutes(1), default);
        Assert.Equal(2, _log.Warnings);
    }

    [Fact]
    public async Task Concurrent_callers_during_an_outage_send_a_single_retry_to_redis()
    {
        _redis.Failure = () => new TimeoutException();
        await _store.TryAcquireAsync("k", 1000, TimeSpan.FromMinutes(1), default);
        _clock.Advance(TimeSpan.FromSeconds(5));

        await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => _store.TryAcquireAsync("k", 1000, TimeSpan.FromMinutes(1), default))));

        Assert.Equal(2, _redis.Calls);
        Assert.Equal(1, _log.Warnings);
    }

    [Fact]
    public async Task Errors_that_are_not_redis_trouble_propagate_and_start_no_outage()
    {
        _redis.Failure = () => new InvalidOperationException("a bug");
        await Assert.ThrowsAsync<InvalidOperationException>(() => _store.TryAcquireAsync("k", 1, TimeSpan.FromMinutes(1), default));
        Assert.False(_store.InOutage);
        Assert.Empty(_log.Entries);
    }

    [Fact]
    public async Task A_cancelled_call_is_cancelled_not_failed_over()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        _redis.Failure = () => new OperationCanceledException(cancelled.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.TryAcquireAsync("k", 1, TimeSpan.FromMinutes(1), cancelled.Token));
        Assert.False(_store.InOutage);
        Assert.Empty(_log.Entries);
    }
}

/// <summary>The failover stores against a real Redis that is stopped mid-test and started again.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisOutageTests(RedisServer redis) : IAsyncLifetime
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private RedisConnection? _connection;

    public Task InitializeAsync()
    {
        redis.Start();
        _connection = new RedisConnection(redis.ConfigurationString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        redis.Start();
        await _connection!.DisposeAsync();
    }

    /// <summary>Moves the retry clock on until a call has reached Redis again (the multiplexer reconnects by itself).</summary>
    private async Task WaitForRecoveryAsync(Func<Task> call, Func<bool> inOutage)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (inOutage())
        {
            Assert.True(DateTime.UtcNow < deadline, "the store did not return to Redis within 30 s of its restart");
            await Task.Delay(200);
            _clock.Advance(RedisFailover.RetryInterval);
            await call();
        }
    }

    [Fact]
    public async Task Rate_limits_hold_per_instance_while_redis_is_down_and_are_shared_again_once_it_is_back()
    {
        var log = new TestLogger<FailoverRateLimitStore>();
        var store = new FailoverRateLimitStore(new RedisRateLimitStore(_connection!), new InMemoryRateLimitStore(_clock), log, _clock);
        string key = $"test:{Guid.NewGuid():N}";
        for (int i = 0; i < 3; i++)
        {
            Assert.True((await store.TryAcquireAsync(key, 3, Window, default)).Allowed);
        }
        Assert.False((await store.TryAcquireAsync(key, 3, Window, default)).Allowed);
        Assert.Empty(log.Entries);

        redis.Stop();

        // The in-process count starts afresh: the limit again, never more.
        var during = new List<RateLimitDecision>();
        for (int i = 0; i < 10; i++)
        {
            during.Add(await store.TryAcquireAsync(key, 3, Window, default));
            _clock.Advance(TimeSpan.FromSeconds(2)); // retries Redis every third call or so
        }
        Assert.Equal([true, true, true, false, false, false, false, false, false, false], during.Select(d => d.Allowed));
        Assert.All(during.Skip(3), d => Assert.InRange(d.RetryAfter, TimeSpan.FromTicks(1), Window));
        Assert.True(store.InOutage);
        var warning = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.StartsWith("Redis is unreachable: rate limits are enforced per instance until it returns", warning.Message, StringComparison.Ordinal);

        redis.Start();
        string fresh = $"test:{Guid.NewGuid():N}";
        await WaitForRecoveryAsync(() => store.TryAcquireAsync(fresh, 100, Window, default), () => store.InOutage);

        Assert.Equal(1, log.Warnings);
        Assert.Equal(1, log.Informations);
        // Redis answers again: the restarted server (no persistence) holds the hits made since.
        Assert.True((await store.TryAcquireAsync(key, 3, Window, default)).Allowed);
        var database = await _connection!.GetDatabaseAsync();
        Assert.Equal(1, await database.SortedSetLengthAsync(RedisRateLimitStore.KeyPrefix + key));
        Assert.True(await database.SortedSetLengthAsync(RedisRateLimitStore.KeyPrefix + fresh) >= 1);
    }

    [Fact]
    public async Task Nonces_are_issued_and_redeemed_per_instance_while_redis_is_down()
    {
        var log = new TestLogger<FailoverNonceStore>();
        var store = new FailoverNonceStore(new RedisNonceStore(_connection!, _clock), new InMemoryNonceStore(_clock), log, _clock);
        var lifetime = TimeSpan.FromMinutes(5);
        var beforeOutage = await store.IssueAsync(lifetime, default);
        var redeemedBefore = await store.IssueAsync(lifetime, default);
        Assert.Equal(NonceRedemption.Redeemed, await store.RedeemAsync(redeemedBefore.Value, default));

        redis.Stop();

        var during = await store.IssueAsync(lifetime, default);
        var redeemedDuring = await store.IssueAsync(lifetime, default);
        Assert.Equal(NonceRedemption.Redeemed, await store.RedeemAsync(redeemedDuring.Value, default));
        Assert.Equal(NonceRedemption.AlreadyRedeemed, await store.RedeemAsync(redeemedDuring.Value, default));
        // Issued in Redis: unknown to this instance until Redis is back, and a replay is never accepted.
        Assert.Equal(NonceRedemption.Unknown, await store.RedeemAsync(beforeOutage.Value, default));
        Assert.Equal(NonceRedemption.Unknown, await store.RedeemAsync(redeemedBefore.Value, default));
        Assert.True(store.InOutage);
        var warning = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.StartsWith("Redis is unreachable: nonces are issued and redeemed per instance until it returns", warning.Message, StringComparison.Ordinal);

        redis.Start();
        await WaitForRecoveryAsync(() => store.IssueAsync(lifetime, default), () => store.InOutage);

        Assert.Equal(1, log.Warnings);
        Assert.Equal(1, log.Informations);
        var after = await store.IssueAsync(lifetime, default);
        Assert.Equal("issued", (string?)await (await _connection!.GetDatabaseAsync()).StringGetAsync(RedisNonceStore.KeyPrefix + after.Value));
        Assert.Equal(NonceRedemption.Redeemed, await store.RedeemAsync(after.Value, default));
        // Issued in process during the outage: still redeemable here, once.
        Assert.Equal(NonceRedemption.Redeemed, await store.RedeemAsync(during.Value, default));
        Assert.Equal(NonceRedemption.AlreadyRedeemed, await store.RedeemAsync(during.Value, default));
        Assert.Equal(NonceRedemption.AlreadyRedeemed, await store.RedeemAsync(redeemedDuring.Value, default));
    }
}

/// <summary>Which rate-limit and nonce stores each Redis configuration gets.</summary>
public sealed class SecurityRedisRegistrationTests
{
    private static ServiceProvider Build(string? redisConfiguration, TimeProvider? time = null)
    {
        var services = new ServiceCollection().AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }
        return services.AddSecurityRedis(redisConfiguration).BuildServiceProvider();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task Without_redis_both_stores_are_in_process(string? configuration)
    {
        await using var provider = Build(configuration);
        Assert.IsType<InMemoryRateLimitStore>(provider.GetRequiredService<IRateLimitStore>());
        Assert.IsType<InMemoryNonceStore>(provider.GetRequiredService<INonceStore>());
        Assert.Same(provider.GetRequiredService<INonceStore>(), provider.GetRequiredService<INonceStore>());
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
        Assert.Null(provider.GetService<RedisConnection>());
    }

    [Fact]
    public async Task With_redis_both_stores_fail_over_and_share_one_connection_that_is_not_opened_yet()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        await using var provider = Build("127.0.0.1:1,abortConnect=false", clock);
        Assert.IsType<FailoverRateLimitStore>(provider.GetRequiredService<IRateLimitStore>());
        Assert.IsType<FailoverNonceStore>(provider.GetRequiredService<INonceStore>());
        Assert.Same(provider.GetRequiredService<IRateLimitStore>(), provider.GetRequiredService<IRateLimitStore>());
        Assert.Same(clock, provider.GetRequiredService<TimeProvider>());
        Assert.Same(provider.GetRequiredService<RedisConnection>(), provider.GetRequiredService<RedisConnection>());
    }

    [Fact]
    public async Task With_an_unreachable_redis_the_registered_stores_still_answer()
    {
        await using var provider = Build("127.0.0.1:1");
        var limits = provider.GetRequiredService<IRateLimitStore>();
        var nonces = provider.GetRequiredService<INonceStore>();

        Assert.True((await limits.TryAcquireAsync("k", 1, TimeSpan.FromMinutes(1), default)).Allowed);
        Assert.False((await limits.TryAcquireAsync("k", 1, TimeSpan.FromMinutes(1), default)).Allowed);
        var nonce = await nonces.IssueAsync(TimeSpan.FromMinutes(1), default);
        Assert.Equal(NonceRedemption.Redeemed, await nonces.RedeemAsync(nonce.Value, default));
    }

    [Fact]
    public void A_configuration_that_cannot_be_parsed_fails_at_registration()
    {
        Assert.ThrowsAny<ArgumentException>(() => new ServiceCollection().AddSecurityRedis("127.0.0.1:6379,nonsense=1"));
    }

    [Fact]
    public async Task A_connection_registered_before_with_the_same_configuration_is_the_one_used()
    {
        var services = new ServiceCollection().AddLogging()
            .AddRedisConnection("127.0.0.1:1,abortConnect=false")
            .AddSecurityRedis("127.0.0.1:1,abortConnect=false");
        Assert.Single(services, d => d.ServiceType == typeof(RedisConnection));
        await using var provider = services.BuildServiceProvider();
        Assert.Equal("127.0.0.1:1,abortConnect=false", provider.GetRequiredService<RedisConnection>().Configuration);
    }

    [Fact]
    public void A_second_redis_configuration_is_refused()
    {
        var services = new ServiceCollection().AddRedisConnection("127.0.0.1:1");
        var error = Assert.ThrowsAny<ArgumentException>(() => services.AddSecurityRedis("127.0.0.1:2"));
        Assert.Contains("another configuration", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:6379", 2000, 2000)]
    [InlineData("127.0.0.1:6379,connectTimeout=500", 500, 2000)]
    [InlineData("127.0.0.1:6379,syncTimeout=7000,ConnectTimeout=300", 300, 7000)]
    public void Timeouts_are_two_seconds_unless_configured(string configuration, int connect, int sync)
    {
        var options = RedisConnection.ParseOptions(configuration);
        Assert.False(options.AbortOnConnectFail);
        Assert.Equal(connect, options.ConnectTimeout);
        Assert.Equal(sync, options.SyncTimeout);
        // The client's own async timeout bounds every call (it follows the sync timeout unless set).
        Assert.Equal(sync, options.AsyncTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(sync), new RedisConnection(configuration).OperationTimeout);
        // While disconnected a call fails at once instead of waiting in a queue for its timeout.
        Assert.False(options.BacklogPolicy.QueueWhileDisconnected);
    }

    [Fact]
    public void An_async_timeout_of_its_own_is_kept()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(750), new RedisConnection("127.0.0.1:6379,asyncTimeout=750").OperationTimeout);
    }
}
