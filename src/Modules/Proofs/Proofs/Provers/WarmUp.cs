namespace CredentialHub.Proofs.Provers;

/// <summary>
/// A warm-up proof made when a circuit is loaded (<see cref="InProcessProver.WarmUp"/>): its documents, for the web
/// process to warm its verifier with, how long it took, and why it could not be made, if it could not.
/// </summary>
internal sealed record WarmUp(string? ProofJson, string? PublicSignalsJson, TimeSpan Took, string? Failure);
