using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace CredentialHub.Proofs.Storage;

/// <summary>
/// A Redis cache of finished proofs (Succeeded or Failed: they never change again) in front of another store.
/// Reads try Redis first; everything else goes to the inner store. Redis is an optimisation only: when it is
/// unreachable or slow, the cache logs a warning (at most once per <see cref="WarningInterval"/>) and the inner
/// store answers; no call ever fails because of Redis.
/// </summary>
internal sealed partial class RedisProofCache : IProofStore
{
    public static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);

    private const long NeverWarned = long.MinValue;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly IProofStore _inner;
    private readonly IConnectionMultiplexer _redis;
    private readonly TimeSpan _ttl;
    private readonly TimeSpan _operationTimeout;
    private readonly ILogger<RedisProofCache> _logger;
    private readonly TimeProvider _time;
    private long _lastWarningTicks = NeverWarned;

    /// <param name="inner">The store of record.</param>
    /// <param name="redis">A multiplexer connected with <c>abortConnect=false</c>, so that it reconnects by itself.</param>
    /// <param name="ttl">How long a finished proof stays cached.</param>
    /// <param name="logger">Where the unreachable-Redis warning goes.</param>
    /// <param name="time">The clock that spaces the warnings.</param>
    /// <param name="operationTimeout">How long one Redis call may take before the inner store answers instead (default 1 s).</param>
    public RedisProofCache(
        IProofStore inner,
        IConnectionMultiplexer redis,
        TimeSpan ttl,
        ILogger<RedisProofCache> logger,
        TimeProvider? time = null,
        TimeSpan? operationTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        _inner = inner;
        _redis = redis;
        _ttl = ttl;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _operationTimeout = operationTimeout ?? TimeSpan.FromSeconds(1);
    }

    /// <summary>The Redis key of a proof.</summary>
    public static string KeyOf(Guid id) => $"credentialhub:proofs:{id:N}";

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
            await TryRedisAsync(db => db.KeyDeleteAsync(KeyOf(record.Id)));
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
        var cached = await TryRedisAsync(db => db.StringGetAsync(KeyOf(id)));
        if (cached is { IsNull: false } value)
        {
            var record = Deserialize(value);
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
        TryRedisAsync(db => db.StringSetAsync(KeyOf(record.Id), JsonSerializer.Serialize(record, Json), _ttl));

    // A cached value we cannot read (e.g. written by an incompatible version) is treated as a miss.
    private static ProofRecord? Deserialize(RedisValue value)
    {
        try
        {
            return JsonSerializer.Deserialize<ProofRecord>((string)value!, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<T?> TryRedisAsync<T>(Func<IDatabase, Task<T>> operation)
    {
        try
        {
            // StackExchange.Redis 1.x enforces no timeout on async calls: bound them here.
            var result = await operation(_redis.GetDatabase()).WaitAsync(_operationTimeout);
            return result;
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException or InvalidOperationException)
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
