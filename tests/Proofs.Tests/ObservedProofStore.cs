using CredentialHub.Proofs.Storage;

namespace CredentialHub.Proofs.Tests;

/// <summary>
/// A real proof store (in memory, PostgreSQL) that a test watches and controls: it counts the reads that reach it
/// (<see cref="Finds"/>, behind a cache), fails storing a job's outcome while <see cref="Unreachable"/> (as when the
/// database is away) and hands each job stored as running to <see cref="OnRunning"/>, on the caller's thread, before
/// the caller goes on.
/// </summary>
internal sealed class ObservedProofStore(IProofStore inner) : IProofStore
{
    private int _finds;
    private volatile bool _unreachable;

    public int Finds => Volatile.Read(ref _finds);

    public bool Unreachable
    {
        get => _unreachable;
        set => _unreachable = value;
    }

    public Action<ProofRecord>? OnRunning { get; set; }

    public Task AddAsync(ProofRecord record, CancellationToken cancellationToken) => inner.AddAsync(record, cancellationToken);

    public async Task<bool> UpdateAsync(ProofRecord record, CancellationToken cancellationToken)
    {
        if (Unreachable && record.IsFinished)
        {
            throw new TimeoutException("the database is away");
        }
        bool stored = await inner.UpdateAsync(record, cancellationToken);
        if (stored && record.Status == ProofStatus.Running)
        {
            OnRunning?.Invoke(record);
        }
        return stored;
    }

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
