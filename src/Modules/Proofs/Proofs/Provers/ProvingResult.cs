using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Proofs.Provers;

/// <summary>A proof as snarkjs writes it, the time each stage took and the outcome of the proof's own verification.</summary>
internal sealed record ProvingResult(
    string ProofJson,
    string PublicSignalsJson,
    double WitnessMilliseconds,
    double ProveMilliseconds,
    double VerifyMilliseconds,
    VerificationOutcome Verification);
