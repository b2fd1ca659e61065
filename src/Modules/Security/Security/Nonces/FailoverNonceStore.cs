using CredentialHub.Security.Contracts;
using CredentialHub.Security.Storage;
using Microsoft.Extensions.Logging;

namespace CredentialHub.Security.Nonces;

/// <summary>
/// Redis nonces with an in-process fallback. While Redis is unreachable, nonces are issued and redeemed in process:
/// a nonce issued in Redis before the outage is <see cref="NonceRedemption.Unknown"/> meanwhile (the verifier asks
/// for a new challenge; a replay is never accepted), and one issued in process is redeemable on this instance only.
/// A nonce Redis does not know is looked up in process too, so that one issued here during an outage stays
/// redeemable once Redis is back (values are 248 random bits: the two stores never hold the same one). One warning
/// is logged per outage and one information line when Redis answers again; Redis is retried at most every
/// <see cref="RedisFailover.RetryInterval"/>. Never throws for Redis trouble.
/// </summary>
internal sealed partial class FailoverNonceStore : INonceStore
{
    private readonly INonceStore _redis;
    private readonly INonceStore _inProcess;
    private readonly RedisFailover _failover;

    /// <param name="redis">The shared store; throws on Redis trouble.</param>
    /// <param name="inProcess">The store that answers while Redis does not.</param>
    /// <param name="logger">Where the outage and recovery lines go.</param>
    /// <param name="time">The clock that spaces the retries (the system clock by default).</param>
    public FailoverNonceStore(INonceStore redis, INonceStore inProcess, ILogger<FailoverNonceStore> logger, TimeProvider? time = null)
    {
        _redis = redis;
        _inProcess = inProcess;
        _failover = new RedisFailover(
            time ?? TimeProvider.System,
            e => LogRedisUnreachable(logger, e.GetType().Name, e.Message, e),
            () => LogRedisBack(logger));
    }

    /// <summary>Whether nonces are currently issued and redeemed in process.</summary>
    internal bool InOutage => _failover.InOutage;

    public Task<IssuedNonce> IssueAsync(TimeSpan lifetime, CancellationToken cancellationToken) =>
        _failover.RunAsync(
            ct => _redis.IssueAsync(lifetime, ct),
            ct => _inProcess.IssueAsync(lifetime, ct),
            cancellationToken);

    public async Task<NonceRedemption> RedeemAsync(string nonce, CancellationToken cancellationToken)
    {
        var redemption = await _failover.RunAsync(
            ct => _redis.RedeemAsync(nonce, ct),
            ct => _inProcess.RedeemAsync(nonce, ct),
            cancellationToken);
        return redemption == NonceRedemption.Unknown && !_failover.InOutage
            ? await _inProcess.RedeemAsync(nonce, cancellationToken)
            : redemption;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Redis is unreachable: nonces are issued and redeemed per instance until it returns (nonces issued before are refused meanwhile) ({ErrorType}: {ErrorMessage})")]
    private static partial void LogRedisUnreachable(ILogger logger, string errorType, string errorMessage, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "Redis is reachable again: nonces are shared by every instance")]
    private static partial void LogRedisBack(ILogger logger);
}
