using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Circuits.Contracts;

/// <summary>A circuit in memory, ready for work. Thread-safe: many proofs may use it at once.</summary>
public interface ILoadedCircuit
{
    CircuitDescriptor Descriptor { get; }

    /// <summary>
    /// The compiled witness calculator, or null where the circuit is only verified: in a host whose proofs are made by
    /// prover processes (PROVER_PROCESSES above 0), which hold it instead.
    /// </summary>
    IWitnessCalculator? Witness { get; }

    IProofSystem ProofSystem { get; }

    IProver Prover { get; }

    /// <summary>The resident proving key, or null where the circuit is only verified (see <see cref="Witness"/>).</summary>
    IProvingKey? ProvingKey { get; }

    IVerificationKey VerificationKey { get; }

    /// <summary>The verification key JSON exactly as shipped or uploaded.</summary>
    string VerificationKeyJson { get; }
}
