using System.Text.Json;
using System.Text.Json.Serialization;
using CredentialHub.Storage;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;

namespace CredentialHub.Proofs.Storage;

/// <summary>
/// A Redis cache of finished proofs (Succeeded or Failed: they never change again) in front of another store, through
/// <see cref="IDistributedCache"/> (RedisCache over the host's shared connection, keys <see cref="KeyOf"/>). Reads try
/// the cache first; everything else goes to the inner store. A proof is cached for the TTL from the moment it is written
/// (PROOF_CACHE_TTL, an absolute expiry: reads do not extend it). Redis is an optimisation only: when it is unreachable
/// or slow (every call is bounded by the connection's timeouts, and fails at once while it is disconnected), the cache
/// logs a warning (at most once per <see cref="WarningInterval"/>) and the inner store answers; no call ever fails
/// because of Redis, and the cache is used again once the connection is back.
/// </summary>
internal sealed partial class RedisProofCache : IProofStore
{
    public static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);

    /// <summary>The prefix of the cache's Redis keys (RedisCache's instance name).</summary>
    public const string KeyPrefix = "credentialhub:proofs:";

    private const long NeverWarned = long.MinValue;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly IProofStore _inner;
    private readonly IDistributedCache _cache;
    private readonly DistributedCacheEntryOptions _entry;
    private readonly ILogger<RedisProofCache> _logger;
    private readonly TimeProvider _time;
    private long _lastWarningTicks = NeverWarned;

    /// <param name="inner">The store of record.</param>
    /// <param name="cache">The distributed cache (RedisCache with <see cref="KeyPrefix"/> as its instance name).</param>
    /// <param name="ttl">How long a finished proof stays cached.</param>
    /// <param name="logger">Where the unreachable-Redis warning goes.</param>
    /// <param name="time">The clock that spaces the warnings.</param>
    public RedisProofCache(
        IProofStore inner,
        IDistributedCache cache,
        TimeSpan ttl,
        ILogger<RedisProofCache> logger,
        TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        _inner = inner;
        _cache = cache;
        _entry = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl };
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The Redis key of a proof: <see cref="KeyPrefix"/> and <see cref="CacheKeyOf"/>.</summary>
    public static string KeyOf(Guid id) => KeyPrefix + CacheKeyOf(id);

    /// <summary>The cache key of a proof.</summary>
    public static string CacheKeyOf(Guid id) => id.ToString("N");

    public async Task AddAsync(ProofRecord record, CancellationToken cancellationToken)
    {
        await _inner.AddAsync(record, cancellationToken);
        if (IsFinished(record))
        {
            await CacheAsync(record);
        }
    }

    public async Task<bool> UpdateAsync(ProofRecord record, CancellationToken cancellationToken)
    {
        if (!await _inner.UpdateAsync(record, cancellationToken))
        {
            return false;
        }
        if (IsFinished(record))
        {
            await CacheAsync(record);
        }
        else
        {
            await TryCacheAsync(async () =>
            {
                await _cache.RemoveAsync(CacheKeyOf(record.Id));
                return true;
            });
        }
        return true;
    }

    public Task RenewLeasesAsync(string owner, IReadOnlyCollection<Guid> ids, TimeSpan lease, CancellationToken cancellationToken) =>
        _inner.RenewLeasesAsync(owner, ids, lease, cancellationToken);

    public Task<IReadOnlyList<ProofRecord>> EndPreviousLifeAsync(string ownerPrefix, string currentOwner, string errorCode, string error, CancellationToken cancellationToken) =>
        _inner.EndPreviousLifeAsync(ownerPrefix, currentOwner, errorCode, error, cancellationToken);

    /// <summary>Ended jobs are final, so caching them is safe; unfinished ones are never cached, so no stale entry hides the change.</summary>
    public Task<IReadOnlyList<ProofRecord>> EndExpiredAsync(string errorCode, string error, CancellationToken cancellationToken) =>
        _inner.EndExpiredAsync(errorCode, error, cancellationToken);

    public async Task<ProofRecord?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        var cached = await TryCacheAsync(() => _cache.GetAsync(CacheKeyOf(id)));
        if (cached is not null)
        {
            var record = Deserialize(cached);
            if (record is not null)
            {
                return record;
            }
        }
        var stored = await _inner.FindAsync(id, cancellationToken);
        if (stored is not null && IsFinished(stored))
        {
            await CacheAsync(stored);
        }
        return stored;
    }

    public Task AddVerificationAsync(VerificationRecord record, CancellationToken cancellationToken) =>
        _inner.AddVerificationAsync(record, cancellationToken);

    public Task<IReadOnlyList<VerificationRecord>> VerificationsOfAsync(Guid proofId, CancellationToken cancellationToken) =>
        _inner.VerificationsOfAsync(proofId, cancellationToken);

    private static bool IsFinished(ProofRecord record) => record.Status is ProofStatus.Succeeded or ProofStatus.Failed;

    private Task CacheAsync(ProofRecord record) =>
        TryCacheAsync(async () =>
        {
            await _cache.SetAsync(CacheKeyOf(record.Id), JsonSerializer.SerializeToUtf8Bytes(record, Json), _entry);
            return true;
        });

    // A cached value we cannot read (e.g. written by an incompatible version) is treated as a miss.
    private static ProofRecord? Deserialize(byte[] value)
    {
        try
        {
            return JsonSerializer.Deserialize<ProofRecord>(value, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Not cancellable: a cache call is bounded by the connection's own timeouts, and the store of record has answered.
    private async Task<T?> TryCacheAsync<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception e) when (RedisConnection.IsRedisTrouble(e) || e is InvalidOperationException)
        {
            WarnUnavailable(e);
            return default;
        }
    }

    private void WarnUnavailable(Exception error)
    {
        long now = _time.GetUtcNow().UtcTicks;
        long last = Interlocked.Read(ref _lastWarningTicks);
        if (last != NeverWarned && now - last < WarningInterval.Ticks)
        {
            return;
        }
        if (Interlocked.CompareExchange(ref _lastWarningTicks, now, last) == last)
        {
            LogRedisUnavailable(_logger, error.GetType().Name, error.Message, error);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Redis proof cache unavailable ({ErrorType}: {ErrorMessage}); serving from the database. Repeated failures are logged at most once a minute.")]
    private static partial void LogRedisUnavailable(ILogger logger, string errorType, string errorMessage, Exception exception);
}
