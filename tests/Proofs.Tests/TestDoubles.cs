using CredentialHub.Proofs.Storage;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CredentialHub.Proofs.Tests;

/// <summary>Keeps what was logged, for assertions.</summary>
internal sealed class TestLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, formatter(state, exception)));

    public int Warnings => Entries.Count(e => e.Level == LogLevel.Warning);
}

/// <summary>A clock that moves only when told.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>Counts the reads that reach the store behind a cache.</summary>
internal sealed class CountingProofStore(IProofStore inner) : IProofStore
{
    private int _finds;

    public int Finds => Volatile.Read(ref _finds);

    public Task AddAsync(ProofRecord record, CancellationToken cancellationToken) => inner.AddAsync(record, cancellationToken);

    public Task<bool> UpdateAsync(ProofRecord record, CancellationToken cancellationToken) => inner.UpdateAsync(record, cancellationToken);

    public Task RenewLeasesAsync(string owner, IReadOnlyCollection<Guid> ids, TimeSpan lease, CancellationToken cancellationToken) => inner.RenewLeasesAsync(owner, ids, lease, cancellationToken);

    public Task<IReadOnlyList<ProofRecord>> EndPreviousLifeAsync(string ownerPrefix, string currentOwner, string errorCode, string error, CancellationToken cancellationToken) =>
        inner.EndPreviousLifeAsync(ownerPrefix, currentOwner, errorCode, error, cancellationToken);

    public Task<IReadOnlyList<ProofRecord>> EndExpiredAsync(string errorCode, string error, CancellationToken cancellationToken) =>
        inner.EndExpiredAsync(errorCode, error, cancellationToken);

    public Task<ProofRecord?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _finds);
        return inner.FindAsync(id, cancellationToken);
    }

    public Task AddVerificationAsync(VerificationRecord record, CancellationToken cancellationToken) =>
        inner.AddVerificationAsync(record, cancellationToken);

    public Task<IReadOnlyList<VerificationRecord>> VerificationsOfAsync(Guid proofId, CancellationToken cancellationToken) =>
        inner.VerificationsOfAsync(proofId, cancellationToken);
}
