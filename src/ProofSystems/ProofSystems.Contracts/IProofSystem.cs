namespace CredentialHub.ProofSystems.Contracts;

/// <summary>
/// A proof system offered by a plugin (for example Groth16 over BN254). The host reaches every
/// backend through this interface only, from the HTTP API and from the command line alike.
/// </summary>
public interface IProofSystem
{
    /// <summary>Stable identifier, e.g. "groth16-bn254".</summary>
    string Id { get; }

    /// <summary>The snarkjs protocol name, e.g. "groth16".</summary>
    string Protocol { get; }

    /// <summary>The snarkjs curve name, e.g. "bn128".</summary>
    string Curve { get; }

    /// <summary>Whether a curve name as it appears in a key or proof ("bn128", "BN254", ...) names this system's curve.</summary>
    bool SupportsCurve(string curveName);

    /// <summary>
    /// The modulus of the scalar field its circuits are written over (BN254's r for Groth16 on bn128): every circuit
    /// input and public signal lies below it. Null when the proof system does not say (the default).
    /// </summary>
    System.Numerics.BigInteger? ScalarFieldModulus => null;

    /// <summary>
    /// Decodes and checks a verification key (JSON as snarkjs writes it) into a form that can stay
    /// resident and verify many proofs. Throws <see cref="ProofFormatException"/> naming the field at fault.
    /// </summary>
    IVerificationKey LoadVerificationKey(ReadOnlySpan<byte> verificationKeyJson);

    /// <summary>
    /// Verifies a proof against public signals (both JSON as snarkjs writes them). Throws
    /// <see cref="ProofFormatException"/> when a document cannot be read at all; every other
    /// refusal is an invalid outcome whose reason names the check that failed.
    /// </summary>
    VerificationOutcome Verify(IVerificationKey key, ReadOnlySpan<byte> publicSignalsJson, ReadOnlySpan<byte> proofJson);

    /// <summary>
    /// Verifies a proof this system made (<see cref="IProver.Prove(IProvingKey, Witness, ProveOptions, CancellationToken)"/>)
    /// as it is, with the outcome and reason <see cref="Verify(IVerificationKey, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>
    /// gives for its JSON. By default it is written as JSON and verified so.
    /// </summary>
    VerificationOutcome Verify(IVerificationKey key, IProof proof) =>
        Verify(key, System.Text.Encoding.UTF8.GetBytes(proof.PublicSignalsToJson()), System.Text.Encoding.UTF8.GetBytes(proof.ToJson()));
}
