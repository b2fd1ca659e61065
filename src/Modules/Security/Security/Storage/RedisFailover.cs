using CredentialHub.Storage;

namespace CredentialHub.Security.Storage;

/// <summary>
/// Runs a call on Redis and, when Redis fails, on an in-process fallback instead. The first failure starts an
/// outage (reported once to <c>onOutage</c>); during it calls go to the fallback and one call at most every
/// <see cref="RetryInterval"/> tries Redis again; the first of those to succeed ends the outage (reported once to
/// <c>onRecovery</c>). Errors other than Redis trouble, and cancellation, propagate.
/// </summary>
internal sealed class RedisFailover(TimeProvider time, Action<Exception> onOutage, Action onRecovery)
{
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    private int _outage;
    private long _retryAtTicks;

    /// <summary>Whether the last Redis call failed and no retry has succeeded since.</summary>
    public bool InOutage => Volatile.Read(ref _outage) == 1;

    public async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<T>> redis,
        Func<CancellationToken, Task<T>> fallback,
        CancellationToken cancellationToken)
    {
        bool probe = false;
        if (InOutage)
        {
            long now = time.GetUtcNow().UtcTicks;
            long retryAt = Interlocked.Read(ref _retryAtTicks);
            // Of the callers that find the retry due, the one that moves it on tries Redis; the others do not wait.
            if (now < retryAt || Interlocked.CompareExchange(ref _retryAtTicks, now + RetryInterval.Ticks, retryAt) != retryAt)
            {
                return await fallback(cancellationToken);
            }
            probe = true;
        }
        try
        {
            var result = await redis(cancellationToken);
            // Only a call started during the outage ends it: one started before may complete after Redis failed.
            if (probe && Interlocked.Exchange(ref _outage, 0) == 1)
            {
                onRecovery();
            }
            return result;
        }
        catch (Exception e) when (RedisConnection.IsRedisTrouble(e) && !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Exchange(ref _retryAtTicks, time.GetUtcNow().UtcTicks + RetryInterval.Ticks);
            if (Interlocked.Exchange(ref _outage, 1) == 0)
            {
                onOutage(e);
            }
            return await fallback(cancellationToken);
        }
    }
}
