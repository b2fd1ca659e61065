using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Circuits.Contracts;

/// <summary>A circuit in memory, ready for work. Thread-safe: many proofs may use it at once.</summary>
public interface ILoadedCircuit
{
    CircuitDescriptor Descriptor { get; }

    IWitnessCalculator Witness { get; }

    IProofSystem ProofSystem { get; }

    IProver Prover { get; }

    IProvingKey ProvingKey { get; }

    IVerificationKey VerificationKey { get; }

    /// <summary>The verification key JSON exactly as shipped or uploaded.</summary>
    string VerificationKeyJson { get; }
}
