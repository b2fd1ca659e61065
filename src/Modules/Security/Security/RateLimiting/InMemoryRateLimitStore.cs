using System.Collections.Concurrent;

namespace CredentialHub.Security.RateLimiting;

/// <summary>
/// Sliding-window limits in process (one instance's view only): per key, the times of the hits still in the window,
/// oldest first, under a lock of the key's own. A hit at <c>t</c> leaves the window at <c>t + window</c>. Keys whose
/// hits have all left their window are swept once a minute, and whenever the number of keys has doubled since the
/// last sweep, so that memory stays bounded by the keys active within a window.
/// </summary>
internal sealed class InMemoryRateLimitStore(TimeProvider time) : IRateLimitStore
{
    private const int MinimumSweepCount = 1024;

    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, HitLog> _logs = new(StringComparer.Ordinal);
    private long _nextSweepTicks = time.GetUtcNow().UtcTicks + SweepInterval.Ticks;
    private int _sweepAtCount = MinimumSweepCount;

    /// <summary>The number of keys held (tests).</summary>
    internal int KeyCount => _logs.Count;

    public Task<RateLimitDecision> TryAcquireAsync(string key, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);

        long now = time.GetUtcNow().UtcTicks;
        SweepIfDue(now);
        while (true)
        {
            var log = _logs.GetOrAdd(key, static _ => new HitLog());
            lock (log.Gate)
            {
                // A sweep removed this log between our lookup and our lock: take the one now in the dictionary.
                if (log.Removed)
                {
                    continue;
                }
                log.Window = window;
                log.DropExpired(now);
                if (log.Hits.Count < limit)
                {
                    log.Hits.Enqueue(now);
                    return Task.FromResult(new RateLimitDecision(true, TimeSpan.Zero));
                }
                return Task.FromResult(new RateLimitDecision(false, TimeSpan.FromTicks(log.Hits.Peek() + window.Ticks - now)));
            }
        }
    }

    private void SweepIfDue(long now)
    {
        long due = Interlocked.Read(ref _nextSweepTicks);
        bool crowded = _logs.Count >= Volatile.Read(ref _sweepAtCount);
        if ((now < due && !crowded) || Interlocked.CompareExchange(ref _nextSweepTicks, now + SweepInterval.Ticks, due) != due)
        {
            return;
        }
        foreach (var (key, log) in _logs)
        {
            lock (log.Gate)
            {
                log.DropExpired(now);
                if (log.Hits.Count == 0)
                {
                    log.Removed = true;
                    _logs.TryRemove(new KeyValuePair<string, HitLog>(key, log));
                }
            }
        }
        Volatile.Write(ref _sweepAtCount, Math.Max(MinimumSweepCount, 2 * _logs.Count));
    }

    /// <summary>One key's hits in its window (UTC ticks, oldest first); guarded by <see cref="Gate"/>.</summary>
    private sealed class HitLog
    {
        public Lock Gate { get; } = new();

        public Queue<long> Hits { get; } = new();

        public TimeSpan Window { get; set; }

        /// <summary>Taken out of the dictionary by a sweep: a caller holding it must look the key up again.</summary>
        public bool Removed { get; set; }

        public void DropExpired(long now)
        {
            while (Hits.Count > 0 && Hits.Peek() + Window.Ticks <= now)
            {
                Hits.Dequeue();
            }
        }
    }
}
