namespace CredentialHub.Proofs.Storage;

/// <summary>One verification request and its outcome.</summary>
/// <param name="Id">The verification id.</param>
/// <param name="ProofId">The stored proof it checked, when the request named one.</param>
/// <param name="CircuitId">The circuit whose key was used.</param>
/// <param name="Valid">Whether the proof verified.</param>
/// <param name="Reason">Why it did not, when it did not.</param>
/// <param name="VerifiedAt">When.</param>
internal sealed record VerificationRecord(Guid Id, Guid? ProofId, string CircuitId, bool Valid, string? Reason, DateTimeOffset VerifiedAt);
