namespace CredentialHub.Proofs.Storage;

/// <summary>
/// Where proofs, job states and verifications live: in process by default, in PostgreSQL when DATABASE_URL is
/// set (with a Redis cache of finished proofs in front when REDIS_URL is set). Implementations are thread-safe.
/// </summary>
internal interface IProofStore
{
    /// <summary>Adds a new job (status Queued); its id is new.</summary>
    Task AddAsync(ProofRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the record with the same id (status changes, the proof once made), keeping its owner and lease; a
    /// record that is already final is left as it is (false).
    /// </summary>
    Task<bool> UpdateAsync(ProofRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// Extends to now + <paramref name="lease"/> the lease of those of the jobs <paramref name="ids"/> that
    /// <paramref name="owner"/> holds and that are still queued or running (the database's clock decides, so instances
    /// need not agree on the time). Only the jobs the owner still works on are named, so that a job it lost track of
    /// (its final update failed) runs out of lease and ends instead of staying unfinished forever.
    /// </summary>
    Task RenewLeasesAsync(string owner, IReadOnlyCollection<Guid> ids, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Ends as failed with <paramref name="errorCode"/> and <paramref name="error"/> every queued or running job
    /// whose lease has run out (its instance died or was cut off) or that has no lease; returns the jobs it ended.
    /// An update of such a job by its old owner afterwards is ignored: a final job does not change.
    /// </summary>
    Task<IReadOnlyList<ProofRecord>> EndExpiredAsync(string errorCode, string error, CancellationToken cancellationToken);

    /// <summary>
    /// Ends as failed every queued or running job held by an earlier life of this instance: an owner that starts
    /// with <paramref name="ownerPrefix"/> and is not <paramref name="currentOwner"/>, whatever its lease (the
    /// instance restarted, so its earlier life is dead). Returns the jobs it ended.
    /// </summary>
    Task<IReadOnlyList<ProofRecord>> EndPreviousLifeAsync(string ownerPrefix, string currentOwner, string errorCode, string error, CancellationToken cancellationToken);

    /// <summary>The record with this id, or null.</summary>
    Task<ProofRecord?> FindAsync(Guid id, CancellationToken cancellationToken);

    Task AddVerificationAsync(VerificationRecord record, CancellationToken cancellationToken);

    /// <summary>The verifications of a stored proof, oldest first.</summary>
    Task<IReadOnlyList<VerificationRecord>> VerificationsOfAsync(Guid proofId, CancellationToken cancellationToken);
}
