using CredentialHub.Proofs.Storage;

namespace CredentialHub.Proofs.Tests.Storage;

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
