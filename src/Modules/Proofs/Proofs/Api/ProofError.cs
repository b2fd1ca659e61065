namespace CredentialHub.Proofs.Api;

/// <summary>Why a job failed: its error code and message.</summary>
internal sealed record ProofError(string Code, string Message);
