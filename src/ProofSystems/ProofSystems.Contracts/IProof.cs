namespace CredentialHub.ProofSystems.Contracts;

/// <summary>
/// A proof and its public signals as the proof system made them, typed and owned by it: verified as it is
/// (<see cref="IProofSystem.Verify(IVerificationKey, IProof)"/>) and written in snarkjs's formats once, where it leaves
/// the process (a file, the store, a response).
/// </summary>
public interface IProof
{
    /// <summary>proof.json exactly as snarkjs writes it.</summary>
    string ToJson();

    /// <summary>public.json exactly as snarkjs writes it.</summary>
    string PublicSignalsToJson();
}
