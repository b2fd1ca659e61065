namespace CredentialHub.ProofSystems.Contracts;

/// <summary>
/// Optionally implemented by an <see cref="IProofSystem"/> that can check many proofs under one verification key
/// faster together than one by one (for Groth16: a random linear combination of the verification equations
/// sharing one final exponentiation). The outcomes must be exactly those <see cref="IProofSystem.Verify"/> would
/// give for each item, in order; a document that cannot be read gives the outcome "invalid" with the
/// <see cref="ProofFormatException"/>'s message as the reason, rather than failing the batch.
/// </summary>
public interface IBatchVerifier
{
    IReadOnlyList<VerificationOutcome> VerifyBatch(IVerificationKey key, IReadOnlyList<ProofToVerify> items);
}
