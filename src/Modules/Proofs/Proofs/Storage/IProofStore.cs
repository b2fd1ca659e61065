namespace CredentialHub.Proofs.Storage;

/// <summary>
/// Where proofs, job states and verifications live: in process by default, in PostgreSQL when DATABASE_URL is
/// set (with a Redis cache of finished proofs in front when REDIS_URL is set). Implementations are thread-safe.
/// </summary>
internal interface IProofStore
{
    /// <summary>Adds a new job (status Queued); its id is new.</summary>
    Task AddAsync(ProofRecord record, CancellationToken cancellationToken);

    /// <summary>Replaces the record with the same id (status changes, the proof once made).</summary>
    Task UpdateAsync(ProofRecord record, CancellationToken cancellationToken);

    /// <summary>The record with this id, or null.</summary>
    Task<ProofRecord?> FindAsync(Guid id, CancellationToken cancellationToken);

    Task AddVerificationAsync(VerificationRecord record, CancellationToken cancellationToken);

    /// <summary>The verifications of a stored proof, oldest first.</summary>
    Task<IReadOnlyList<VerificationRecord>> VerificationsOfAsync(Guid proofId, CancellationToken cancellationToken);
}
