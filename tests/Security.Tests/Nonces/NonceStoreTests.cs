using System.Numerics;
using CredentialHub.Security.Contracts;
using CredentialHub.Security.Nonces;
using CredentialHub.Security.Storage;
using CredentialHub.Storage;
using StackExchange.Redis;

namespace CredentialHub.Security.Tests.Nonces;

/// <summary>What every <see cref="INonceStore"/> does, run against each implementation by a subclass.</summary>
public abstract class NonceStoreContract
{
    protected static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private static readonly BigInteger Bound = BigInteger.One << 248;

    /// <summary>The store under test.</summary>
    private protected abstract INonceStore Store { get; }

    /// <summary>Another store over the same state, as another instance of the service would open it.</summary>
    private protected abstract INonceStore AnotherInstance();

    /// <summary>A lifetime short enough to wait out in a test.</summary>
    protected abstract TimeSpan ShortLifetime { get; }

    /// <summary>Lets <paramref name="duration"/> pass on the store's clock.</summary>
    protected abstract Task PassAsync(TimeSpan duration);

    /// <summary>The store's idea of now, to check expiry times.</summary>
    protected abstract DateTimeOffset Now { get; }

    /// <summary>A well-formed value that was never issued.</summary>
    protected static string NeverIssued() => NonceValues.NewValue();

    [Fact]
    public async Task An_issued_nonce_is_redeemed_once_and_a_replay_is_told_apart()
    {
        var before = Now;
        var nonce = await Store.IssueAsync(Lifetime, default);
        Assert.InRange(nonce.ExpiresAt, before + Lifetime, Now + Lifetime);

        Assert.Equal(NonceRedemption.Redeemed, await Store.RedeemAsync(nonce.Value, default));
        Assert.Equal(NonceRedemption.AlreadyRedeemed, await Store.RedeemAsync(nonce.Value, default));
        Assert.Equal(NonceRedemption.AlreadyRedeemed, await AnotherInstance().RedeemAsync(nonce.Value, default));
    }

    [Fact]
    public async Task A_nonce_issued_on_one_instance_is_redeemed_on_another()
    {
        var nonce = await Store.IssueAsync(Lifetime, default);
        Assert.Equal(NonceRedemption.Redeemed, await AnotherInstance().RedeemAsync(nonce.Value, default));
        Assert.Equal(NonceRedemption.AlreadyRedeemed, await Store.RedeemAsync(nonce.Value, default));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("012345")]
    [InlineData("-1")]
    [InlineData("12 34")]
    [InlineData("１２３")]
    [InlineData("452312848583266388373324160190187140051835877600158453279131187530910662656")] // 2^248: 75 digits, never issued
    [InlineData("4523128485832663883733241601901871400518358776001584532791311875309106626560")] // 76 digits
    public async Task Anything_never_issued_is_unknown(string nonce)
    {
        await Store.IssueAsync(Lifetime, default);
        Assert.Equal(NonceRedemption.Unknown, await Store.RedeemAsync(nonce, default));
        Assert.Equal(NonceRedemption.Unknown, await Store.RedeemAsync(NeverIssued(), default));
        Assert.Equal(NonceRedemption.Unknown, await Store.RedeemAsync(null!, default));
    }

    [Fact]
    public async Task An_expired_nonce_is_unknown_redeemed_or_not()
    {
        var unused = await Store.IssueAsync(ShortLifetime, default);
        var used = await Store.IssueAsync(ShortLifetime, default);
        var lasting = await Store.IssueAsync(Lifetime, default);
        Assert.Equal(NonceRedemption.Redeemed, await Store.RedeemAsync(used.Value, default));

        await PassAsync(ShortLifetime + TimeSpan.FromMilliseconds(300));

        Assert.Equal(NonceRedemption.Unknown, await Store.RedeemAsync(unused.Value, default));
        Assert.Equal(NonceRedemption.Unknown, await Store.RedeemAsync(used.Value, default));
        Assert.Equal(NonceRedemption.Redeemed, await Store.RedeemAsync(lasting.Value, default));
    }

    [Fact]
    public async Task Of_20_concurrent_redemptions_on_two_instances_exactly_one_succeeds()
    {
        var nonce = await Store.IssueAsync(Lifetime, default);
        INonceStore[] instances = [Store, AnotherInstance()];
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var redemptions = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await instances[i % 2].RedeemAsync(nonce.Value, default);
        })).ToList();
        start.SetResult();
        var results = await Task.WhenAll(redemptions);

        Assert.Equal(1, results.Count(r => r == NonceRedemption.Redeemed));
        Assert.Equal(19, results.Count(r => r == NonceRedemption.AlreadyRedeemed));
    }

    [Fact]
    public async Task Values_are_distinct_decimal_integers_from_1_to_below_2_to_the_248()
    {
        var values = new List<string>(10_000);
        foreach (var batch in Enumerable.Range(0, 10_000).Chunk(500))
        {
            values.AddRange((await Task.WhenAll(batch.Select(_ => Store.IssueAsync(Lifetime, default)))).Select(n => n.Value));
        }

        Assert.Equal(10_000, values.Distinct(StringComparer.Ordinal).Count());
        Assert.All(values, v =>
        {
            Assert.Matches("^[1-9][0-9]{0,74}$", v);
            var n = BigInteger.Parse(v, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(n, BigInteger.One, Bound - 1);
        });
        // Uniform over [1, 2^248): about half are at least 2^247, and hardly any below 2^232 (1 in 65,536).
        int high = values.Count(v => BigInteger.Parse(v, System.Globalization.CultureInfo.InvariantCulture) >= Bound / 2);
        Assert.InRange(high, 4_700, 5_300);
        Assert.InRange(values.Count(v => BigInteger.Parse(v, System.Globalization.CultureInfo.InvariantCulture) < BigInteger.One << 232), 0, 5);
    }

    [Fact]
    public async Task A_lifetime_of_zero_is_a_caller_error()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.IssueAsync(TimeSpan.Zero, default));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.IssueAsync(TimeSpan.FromSeconds(-1), default));
    }
}

public sealed class InMemoryNonceStoreTests : NonceStoreContract
{
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero));
    private readonly InMemoryNonceStore _store;

    public InMemoryNonceStoreTests() => _store = new InMemoryNonceStore(_clock);

    private protected override INonceStore Store => _store;

    // One process, one store: "another instance" is the same store.
    private protected override INonceStore AnotherInstance() => _store;

    protected override TimeSpan ShortLifetime => TimeSpan.FromSeconds(30);

    protected override DateTimeOffset Now => _clock.GetUtcNow();

    protected override Task PassAsync(TimeSpan duration)
    {
        _clock.Advance(duration);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_nonce_expires_exactly_at_its_expiry_time()
    {
        var nonce = await _store.IssueAsync(TimeSpan.FromSeconds(30), default);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromSeconds(30), nonce.ExpiresAt);
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(NonceRedemption.Unknown, await _store.RedeemAsync(nonce.Value, default));
    }

    [Fact]
    public async Task Expired_nonces_are_swept()
    {
        for (int i = 0; i < 5000; i++)
        {
            await _store.IssueAsync(TimeSpan.FromSeconds(10), default);
        }
        var lasting = await _store.IssueAsync(TimeSpan.FromHours(1), default);
        Assert.Equal(5001, _store.Count);

        _clock.Advance(TimeSpan.FromMinutes(2));
        await _store.RedeemAsync(NeverIssued(), default);

        Assert.Equal(1, _store.Count);
        Assert.Equal(NonceRedemption.Redeemed, await _store.RedeemAsync(lasting.Value, default));
    }
}

/// <summary>The Redis store against a real server, from two connections as two service instances would.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisNonceStoreTests(RedisServer redis) : NonceStoreContract, IAsyncLifetime
{
    private readonly List<RedisConnection> _connections = [];
    private RedisNonceStore? _store;

    private protected override INonceStore Store => _store!;

    private protected override INonceStore AnotherInstance() => new RedisNonceStore(Connect(), TimeProvider.System);

    protected override TimeSpan ShortLifetime => TimeSpan.FromMilliseconds(500);

    protected override DateTimeOffset Now => DateTimeOffset.UtcNow;

    protected override Task PassAsync(TimeSpan duration) => Task.Delay(duration);

    public Task InitializeAsync()
    {
        redis.Start();
        _store = new RedisNonceStore(Connect(), TimeProvider.System);
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
    public async Task A_nonce_is_a_string_under_the_prefix_that_keeps_its_expiry_when_redeemed()
    {
        var nonce = await _store!.IssueAsync(TimeSpan.FromSeconds(30), default);
        string key = "credentialhub:nonce:" + nonce.Value;
        Assert.Equal(RedisNonceStore.KeyPrefix + nonce.Value, key);

        Assert.Equal("issued", (string?)await InspectAsync(db => db.StringGetAsync(key)));
        Assert.InRange((await InspectAsync(db => db.KeyTimeToLiveAsync(key)))!.Value, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(30));

        await _store.RedeemAsync(nonce.Value, default);

        Assert.Equal("redeemed", (string?)await InspectAsync(db => db.StringGetAsync(key)));
        Assert.InRange((await InspectAsync(db => db.KeyTimeToLiveAsync(key)))!.Value, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_lifetime_in_milliseconds_is_kept_to_the_millisecond()
    {
        var nonce = await _store!.IssueAsync(TimeSpan.FromMilliseconds(2500.2), default);
        var ttl = await InspectAsync(db => db.KeyTimeToLiveAsync(RedisNonceStore.KeyPrefix + nonce.Value));
        Assert.InRange(ttl!.Value, TimeSpan.FromMilliseconds(2000), TimeSpan.FromMilliseconds(2501));
    }
}
