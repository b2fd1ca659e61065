using CredentialHub.Bn254.Fields;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Groth16;

/// <summary>A proof this plugin made and its public signals, kept as points and field elements until written out.</summary>
internal sealed class Groth16Artifacts(Groth16Proof proof, Fr[] publicSignals) : IProof
{
    public Groth16Proof Proof { get; } = proof;

    public ReadOnlySpan<Fr> Signals => publicSignals;

    public string ToJson() => Proof.ToJson();

    public string PublicSignalsToJson() => PublicSignals.ToJson(publicSignals);
}
