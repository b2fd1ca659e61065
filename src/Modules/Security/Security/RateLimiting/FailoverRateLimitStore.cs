using CredentialHub.Security.Storage;
using Microsoft.Extensions.Logging;

namespace CredentialHub.Security.RateLimiting;

/// <summary>
/// Redis limits with an in-process fallback: while Redis is unreachable each instance enforces the limits on its own
/// (so a client may get up to the limit from every instance, never unlimited). One warning is logged per outage and
/// one information line when Redis answers again; Redis is retried at most every <see cref="RedisFailover.RetryInterval"/>.
/// Never throws for Redis trouble. Hits counted in process are forgotten when Redis returns.
/// </summary>
internal sealed partial class FailoverRateLimitStore : IRateLimitStore
{
    private readonly IRateLimitStore _redis;
    private readonly IRateLimitStore _inProcess;
    private readonly RedisFailover _failover;

    /// <param name="redis">The shared store; throws on Redis trouble.</param>
    /// <param name="inProcess">The store that answers while Redis does not.</param>
    /// <param name="logger">Where the outage and recovery lines go.</param>
    /// <param name="time">The clock that spaces the retries (the system clock by default).</param>
    public FailoverRateLimitStore(IRateLimitStore redis, IRateLimitStore inProcess, ILogger<FailoverRateLimitStore> logger, TimeProvider? time = null)
    {
        _redis = redis;
        _inProcess = inProcess;
        _failover = new RedisFailover(
            time ?? TimeProvider.System,
            e => LogRedisUnreachable(logger, e.GetType().Name, e.Message, e),
            () => LogRedisBack(logger));
    }

    /// <summary>Whether limits are currently enforced in process.</summary>
    internal bool InOutage => _failover.InOutage;

    public Task<RateLimitDecision> TryAcquireAsync(string key, int limit, TimeSpan window, CancellationToken cancellationToken) =>
        _failover.RunAsync(
            ct => _redis.TryAcquireAsync(key, limit, window, ct),
            ct => _inProcess.TryAcquireAsync(key, limit, window, ct),
            cancellationToken);

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Redis is unreachable: rate limits are enforced per instance until it returns ({ErrorType}: {ErrorMessage})")]
    private static partial void LogRedisUnreachable(ILogger logger, string errorType, string errorMessage, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "Redis is reachable again: rate limits are shared by every instance")]
    private static partial void LogRedisBack(ILogger logger);
}
