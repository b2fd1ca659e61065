namespace CredentialHub.Proofs.Storage;

/// <summary>
/// A proof job and, once it succeeded, its proof. Never holds private inputs or the witness: only what the
/// proof makes public. <see cref="Error"/> and <see cref="ErrorCode"/> describe a failure without echoing any
/// input value.
/// </summary>
/// <param name="Id">The proof id, also the job id.</param>
/// <param name="CircuitId">The circuit it was made for.</param>
/// <param name="Status">Where the job stands.</param>
/// <param name="ProofJson">The proof in snarkjs's JSON, once succeeded.</param>
/// <param name="PublicSignalsJson">The public signals in snarkjs's JSON, once succeeded.</param>
/// <param name="ErrorCode">A short machine-readable failure kind (e.g. "deadline", "circuit-failed"), once failed.</param>
/// <param name="Error">A human-readable failure message, once failed.</param>
/// <param name="CreatedAt">When the request was accepted.</param>
/// <param name="CompletedAt">When the job ended.</param>
/// <param name="WitnessMilliseconds">Time spent computing the witness.</param>
/// <param name="ProveMilliseconds">Time spent proving (verification after proving included).</param>
/// <param name="PresentationJson">For a proof from a credential, what a verifier needs besides the proof (the credential's schema: names and types, no values).</param>
/// <param name="Owner">The service instance that holds the job while it is queued or running (<see cref="Jobs.ServiceInstance"/>).</param>
/// <param name="LeaseExpiresAt">Until when the owner's claim holds; the owner renews it while it lives, and any instance ends a job whose lease has run out as failed (<c>interrupted</c>).</param>
internal sealed record ProofRecord(
    Guid Id,
    string CircuitId,
    ProofStatus Status,
    string? ProofJson,
    string? PublicSignalsJson,
    string? ErrorCode,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    double? WitnessMilliseconds,
    double? ProveMilliseconds,
    string? PresentationJson = null,
    string? Owner = null,
    DateTimeOffset? LeaseExpiresAt = null)
{
    /// <summary>Whether the job has ended (succeeded or failed); a finished job never changes again.</summary>
    public bool IsFinished => Status is ProofStatus.Succeeded or ProofStatus.Failed;
}
