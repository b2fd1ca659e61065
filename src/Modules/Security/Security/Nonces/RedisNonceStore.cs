using System.Globalization;
using CredentialHub.Security.Contracts;
using CredentialHub.Storage;
using StackExchange.Redis;

namespace CredentialHub.Security.Nonces;

/// <summary>
/// Nonces in Redis, shared by every instance: <c>credentialhub:nonce:&lt;value&gt;</c> holds <c>issued</c> or
/// <c>redeemed</c> and expires with the nonce (Redis 6 or later: the redemption keeps the expiry with KEEPTTL). A
/// script reads and marks the nonce in one step, so of concurrent redemptions on any instances exactly one succeeds.
/// Calls go through the host's shared <see cref="RedisConnection"/>, bounded by its timeouts. Redis trouble is thrown
/// (<see cref="RedisException"/>, <see cref="TimeoutException"/>,
/// <see cref="ObjectDisposedException"/>): <see cref="FailoverNonceStore"/> handles it.
/// </summary>
internal sealed class RedisNonceStore(RedisConnection redis, TimeProvider time) : INonceStore
{
    public const string KeyPrefix = "credentialhub:nonce:";

    // 1: redeemed now; 2: redeemed before; 0: never issued, or expired.
    private const string RedeemScript = """
        local state = redis.call('GET', KEYS[1])
        if state == 'issued' then
          redis.call('SET', KEYS[1], 'redeemed', 'KEEPTTL')
          return 1
        elseif state == 'redeemed' then
          return 2
        end
        return 0
        """;

    public async Task<IssuedNonce> IssueAsync(TimeSpan lifetime, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lifetime, TimeSpan.FromMilliseconds(1));
        string milliseconds = ((long)Math.Ceiling(lifetime.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
        while (true)
        {
            string value = NonceValues.NewValue();
            var expiresAt = time.GetUtcNow() + lifetime;
            cancellationToken.ThrowIfCancellationRequested();
            var database = await redis.GetDatabaseAsync();
            var set = await database.ExecuteAsync("SET", (RedisKey)(KeyPrefix + value), "issued", "NX", "PX", milliseconds);
            // NX refuses a value that exists already (a 2^-248 chance): draw another.
            if (!set.IsNull)
            {
                return new IssuedNonce(value, expiresAt);
            }
        }
    }

    public async Task<NonceRedemption> RedeemAsync(string nonce, CancellationToken cancellationToken)
    {
        if (!NonceValues.IsWellFormed(nonce))
        {
            return NonceRedemption.Unknown;
        }
        cancellationToken.ThrowIfCancellationRequested();
        var database = await redis.GetDatabaseAsync();
        var result = await database.ScriptEvaluateAsync(RedeemScript, [KeyPrefix + nonce]);
        return (long)result switch
        {
            1 => NonceRedemption.Redeemed,
            2 => NonceRedemption.AlreadyRedeemed,
            _ => NonceRedemption.Unknown,
        };
    }
}
