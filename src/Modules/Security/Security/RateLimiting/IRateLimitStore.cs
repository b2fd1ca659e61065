namespace CredentialHub.Security.RateLimiting;

/// <summary>
/// Sliding-window request counters: a hit is recorded for <c>key</c> only when fewer than <c>limit</c> hits lie in the
/// last <c>window</c>. In Redis when REDIS_URL is set (one sorted set per key, updated by a script on the server's
/// clock, so limits hold across instances), in process otherwise.
/// </summary>
internal interface IRateLimitStore
{
    Task<RateLimitDecision> TryAcquireAsync(string key, int limit, TimeSpan window, CancellationToken cancellationToken);
}
