using CredentialHub.Security.Authentication;
using CredentialHub.Security.Keys;

namespace CredentialHub.Security.Tests.Authentication;

/// <summary>API-key lookups that miss the cache together share one store query (a burst on a fresh host: one query, not hundreds).</summary>
public class ApiKeyLookupTests
{
    /// <summary>An in-process store whose hash lookups wait for the test, counting them; an optional failure.</summary>
    private sealed class GatedStore : IApiKeyStore
    {
        private readonly InMemoryApiKeyStore _inner = new();
        private int _lookups;

        public TaskCompletionSource Gate { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Exception? Failure { get; set; }

        public int Lookups => Volatile.Read(ref _lookups);

        public Task AddAsync(ApiKeyRecord key, CancellationToken cancellationToken) => _inner.AddAsync(key, cancellationToken);

        public async Task<ApiKeyRecord?> FindByHashAsync(string sha256, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _lookups);
            await Gate.Task.WaitAsync(cancellationToken);
            return Failure is { } failure ? throw failure : await _inner.FindByHashAsync(sha256, cancellationToken);
        }

        public Task<ApiKeyRecord?> FindAsync(Guid id, CancellationToken cancellationToken) => _inner.FindAsync(id, cancellationToken);

        public Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken) => _inner.ListAsync(cancellationToken);

        public Task<ApiKeyRecord?> RevokeAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken, Guid? replacedBy = null) =>
            _inner.RevokeAsync(id, at, cancellationToken, replacedBy);
    }

    private static async Task<(ApiKeys Keys, GatedStore Store, ManualTimeProvider Clock, string Key)> CreateAsync()
    {
        var store = new GatedStore();
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var keys = new ApiKeys(store, clock);
        var (_, key) = await keys.CreateAsync("burst", ApiKeys.AllScopes, CancellationToken.None);
        return (keys, store, clock, key);
    }

    [Fact]
    public async Task Simultaneous_misses_share_one_store_lookup_and_the_next_expiry_costs_one_more()
    {
        var (keys, store, clock, key) = await CreateAsync();
        var callers = Enumerable.Range(0, 200).Select(_ => keys.FindLiveAsync(key, CancellationToken.None)).ToList();
        store.Gate.SetResult();
        var found = await Task.WhenAll(callers);
        Assert.All(found, record => Assert.Equal(ApiKeys.Hash(key), record?.Sha256));
        Assert.Equal(1, store.Lookups);

        Assert.NotNull(await keys.FindLiveAsync(key, CancellationToken.None));
        Assert.Equal(1, store.Lookups);
        clock.Advance(ApiKeys.CacheLifetime + TimeSpan.FromSeconds(1));
        var again = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => keys.FindLiveAsync(key, CancellationToken.None)));
        Assert.All(again, Assert.NotNull);
        Assert.Equal(2, store.Lookups);
    }

    [Fact]
    public async Task A_failed_lookup_fails_every_caller_sharing_it_and_the_next_request_asks_again()
    {
        var (keys, store, _, key) = await CreateAsync();
        store.Failure = new TimeoutException("the database is busy");
        var callers = Enumerable.Range(0, 20).Select(_ => keys.FindLiveAsync(key, CancellationToken.None)).ToList();
        store.Gate.SetResult();
        foreach (var caller in callers)
        {
            await Assert.ThrowsAsync<TimeoutException>(() => caller);
        }
        Assert.Equal(1, store.Lookups);

        store.Failure = null;
        Assert.NotNull(await keys.FindLiveAsync(key, CancellationToken.None));
        Assert.Equal(2, store.Lookups);
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_cancel_the_lookup_for_the_others()
    {
        var (keys, store, _, key) = await CreateAsync();
        using var impatient = new CancellationTokenSource();
        var leaving = keys.FindLiveAsync(key, impatient.Token);
        var staying = keys.FindLiveAsync(key, CancellationToken.None);
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);
        store.Gate.SetResult();
        Assert.NotNull(await staying);
        Assert.Equal(1, store.Lookups);
    }
}
