using CredentialHub.Proofs.Contracts;

namespace CredentialHub.Groth16;

/// <summary>The plugin's entry point: Groth16 over BN254, snarkjs-compatible.</summary>
public sealed class Groth16ProofSystem : IProofSystem
{
    public string Id => "groth16-bn254";
    public string Protocol => "groth16";
    public string Curve => "bn128";

    public bool SupportsCurve(string curveName) => SnarkjsJson.IsBn254Name(curveName);

    public IVerificationKey LoadVerificationKey(ReadOnlySpan<byte> verificationKeyJson) => VerificationKey.Parse(verificationKeyJson);

    public VerificationOutcome Verify(IVerificationKey key, ReadOnlySpan<byte> publicSignalsJson, ReadOnlySpan<byte> proofJson)
    {
        if (key is not VerificationKey groth16Key)
        {
            throw new ArgumentException($"the key was not loaded by {Id}", nameof(key));
        }
        return Groth16Verifier.Verify(groth16Key, publicSignalsJson, proofJson);
    }
}
