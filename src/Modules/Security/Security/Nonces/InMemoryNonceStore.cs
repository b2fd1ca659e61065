using System.Collections.Concurrent;
using CredentialHub.Security.Contracts;

namespace CredentialHub.Security.Nonces;

/// <summary>
/// Nonces in process (one instance's only): value → (expiry, redeemed). A redeemed nonce is remembered until it
/// expires, so that a replay answers <see cref="NonceRedemption.AlreadyRedeemed"/>; expired nonces answer
/// <see cref="NonceRedemption.Unknown"/> and are swept once a minute, and whenever their number has doubled since
/// the last sweep, so that memory stays bounded by the nonces alive.
/// </summary>
internal sealed class InMemoryNonceStore(TimeProvider time) : INonceStore
{
    private const int MinimumSweepCount = 1024;

    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Entry> _nonces = new(StringComparer.Ordinal);
    private long _nextSweepTicks = time.GetUtcNow().UtcTicks + SweepInterval.Ticks;
    private int _sweepAtCount = MinimumSweepCount;

    /// <summary>The number of nonces held, expired ones not yet swept included (tests).</summary>
    internal int Count => _nonces.Count;

    public Task<IssuedNonce> IssueAsync(TimeSpan lifetime, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        var now = time.GetUtcNow();
        SweepIfDue(now.UtcTicks);
        var expiresAt = now + lifetime;
        while (true)
        {
            string value = NonceValues.NewValue();
            if (_nonces.TryAdd(value, new Entry(expiresAt.UtcTicks, Redeemed: false)))
            {
                return Task.FromResult(new IssuedNonce(value, expiresAt));
            }
        }
    }

    public Task<NonceRedemption> RedeemAsync(string nonce, CancellationToken cancellationToken)
    {
        if (!NonceValues.IsWellFormed(nonce))
        {
            return Task.FromResult(NonceRedemption.Unknown);
        }
        long now = time.GetUtcNow().UtcTicks;
        SweepIfDue(now);
        while (true)
        {
            if (!_nonces.TryGetValue(nonce, out var entry) || entry.ExpiresAtTicks <= now)
            {
                return Task.FromResult(NonceRedemption.Unknown);
            }
            if (entry.Redeemed)
            {
                return Task.FromResult(NonceRedemption.AlreadyRedeemed);
            }
            // Of concurrent redemptions, the one whose update lands first redeems; the others loop and see it redeemed.
            if (_nonces.TryUpdate(nonce, entry with { Redeemed = true }, entry))
            {
                return Task.FromResult(NonceRedemption.Redeemed);
            }
        }
    }

    private void SweepIfDue(long now)
    {
        long due = Interlocked.Read(ref _nextSweepTicks);
        bool crowded = _nonces.Count >= Volatile.Read(ref _sweepAtCount);
        if ((now < due && !crowded) || Interlocked.CompareExchange(ref _nextSweepTicks, now + SweepInterval.Ticks, due) != due)
        {
            return;
        }
        foreach (var pair in _nonces)
        {
            if (pair.Value.ExpiresAtTicks <= now)
            {
                _nonces.TryRemove(pair);
            }
        }
        Volatile.Write(ref _sweepAtCount, Math.Max(MinimumSweepCount, 2 * _nonces.Count));
    }

    private readonly record struct Entry(long ExpiresAtTicks, bool Redeemed);
}
