using CredentialHub.Circuits.Contracts;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Circuits.Catalog;

internal sealed class LoadedCircuit(
    CircuitDescriptor descriptor,
    IWitnessCalculator? witness,
    IProofSystem proofSystem,
    IProver prover,
    IProvingKey? provingKey,
    IVerificationKey verificationKey,
    string verificationKeyJson,
    Task prepared) : ILoadedCircuit
{
    /// <summary>Ends when the witness calculator's compilation is done (at once for a circuit that is only verified).</summary>
    public Task Prepared { get; } = prepared;

    public CircuitDescriptor Descriptor { get; } = descriptor;

    public IWitnessCalculator? Witness { get; } = witness;

    public IProofSystem ProofSystem { get; } = proofSystem;

    public IProver Prover { get; } = prover;

    public IProvingKey? ProvingKey { get; } = provingKey;

    public IVerificationKey VerificationKey { get; } = verificationKey;

    public string VerificationKeyJson { get; } = verificationKeyJson;
}
