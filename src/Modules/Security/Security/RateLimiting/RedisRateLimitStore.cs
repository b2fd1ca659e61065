using System.Globalization;
using CredentialHub.Storage;
using StackExchange.Redis;

namespace CredentialHub.Security.RateLimiting;

/// <summary>
/// Sliding-window limits in Redis, shared by every instance: per key a sorted set <c>credentialhub:ratelimit:&lt;key&gt;</c>
/// of hits scored by the Redis server's clock in microseconds, checked and updated by one script, so that concurrent
/// hits from any number of instances never exceed the limit and instances' clocks do not matter. A hit at <c>t</c>
/// leaves the window at <c>t + window</c>; the set expires a window after its last hit. Calls go through the host's
/// shared <see cref="RedisConnection"/>, bounded by its timeouts. Redis trouble is thrown (<see cref="RedisException"/>,
/// <see cref="TimeoutException"/>, <see cref="ObjectDisposedException"/>): <see cref="FailoverRateLimitStore"/> handles it.
/// </summary>
internal sealed class RedisRateLimitStore(RedisConnection redis) : IRateLimitStore
{
    public const string KeyPrefix = "credentialhub:ratelimit:";

    // KEYS[1] the set; ARGV: limit, window (µs), a unique member, window (ms, rounded up). Returns 0 when the hit is
    // recorded, else the microseconds until the oldest hit leaves the window. Numbers are formatted with %.0f: they
    // are whole and below 2^53, so they pass to Redis exactly.
    private const string Script = """
        local key = KEYS[1]
        local limit = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
        redis.call('ZREMRANGEBYSCORE', key, '-inf', string.format('%.0f', now - window))
        if redis.call('ZCARD', key) < limit then
          redis.call('ZADD', key, string.format('%.0f', now), ARGV[3])
          redis.call('PEXPIRE', key, ARGV[4])
          return 0
        end
        local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
        return tonumber(oldest[2]) + window - now
        """;

    public async Task<RateLimitDecision> TryAcquireAsync(string key, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.FromMilliseconds(1));

        long windowMicroseconds = window.Ticks / TimeSpan.TicksPerMicrosecond;
        long windowMilliseconds = (long)Math.Ceiling(window.TotalMilliseconds);
        cancellationToken.ThrowIfCancellationRequested();
        var database = await redis.GetDatabaseAsync();
        var result = await database.ScriptEvaluateAsync(
            Script,
            [KeyPrefix + key],
            [
                limit,
                windowMicroseconds,
                Guid.NewGuid().ToString("N"),
                windowMilliseconds.ToString(CultureInfo.InvariantCulture),
            ]);
        long waitMicroseconds = (long)result;
        if (waitMicroseconds <= 0)
        {
            return new RateLimitDecision(true, TimeSpan.Zero);
        }
        // The server's clock may have stepped back since the oldest hit: never answer more than a window.
        var wait = TimeSpan.FromTicks(Math.Min(waitMicroseconds * TimeSpan.TicksPerMicrosecond, window.Ticks));
        return new RateLimitDecision(false, wait);
    }
}
