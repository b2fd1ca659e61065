using System.Numerics;
using CredentialHub.Bn254.Fields;
using CredentialHub.Groth16.Formats;
using CredentialHub.Groth16.Proving;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Groth16;

/// <summary>The plugin's entry point: Groth16 over BN254, snarkjs-compatible, verifying and proving.</summary>
public sealed class Groth16ProofSystem : IProofSystem, IProver, IBatchVerifier
{
    public string Id => "groth16-bn254";
    public string Protocol => "groth16";
    public string Curve => "bn128";

    public bool SupportsCurve(string curveName) => SnarkjsJson.IsBn254Name(curveName);

    public BigInteger? ScalarFieldModulus => Fr.Modulus;

    public IVerificationKey LoadVerificationKey(ReadOnlySpan<byte> verificationKeyJson) => VerificationKey.Parse(verificationKeyJson);

    public VerificationOutcome Verify(IVerificationKey key, ReadOnlySpan<byte> publicSignalsJson, ReadOnlySpan<byte> proofJson) =>
        Groth16Verifier.Verify(Own<VerificationKey>(key), publicSignalsJson, proofJson);

    public IReadOnlyList<VerificationOutcome> VerifyBatch(IVerificationKey key, IReadOnlyList<ProofToVerify> items) =>
        Groth16BatchVerifier.Verify(Own<VerificationKey>(key), items);

    public IProvingKey LoadProvingKey(Stream zkey, string name) => new ResidentProvingKey(new Groth16Prover(ZkeyFile.Read(zkey, name)));

    public ProofArtifacts Prove(IProvingKey key, Stream witness, string witnessName, ProveOptions options, CancellationToken cancellationToken)
    {
        var prover = Own<ResidentProvingKey>(key).Prover;
        var values = WtnsFile.Read(witness, witnessName);
        try
        {
            if (options.Constraints is { } constraints)
            {
                var r1cs = R1csFile.Read(constraints, options.ConstraintsName ?? "constraints");
                if (r1cs.NWires != prover.Key.NVars || r1cs.NPublic != prover.Key.NPublic)
                {
                    throw new ProvingException($"{options.ConstraintsName}: the circuit has {r1cs.NWires} wires and {r1cs.NPublic} public signals, the proving key {prover.Key.NVars} and {prover.Key.NPublic}");
                }
                if (values.Length != r1cs.NWires)
                {
                    throw new ProvingException($"{witnessName}: the witness has {values.Length} values, the circuit has {r1cs.NWires} wires");
                }
                int unsatisfied = R1csFile.FirstUnsatisfied(r1cs, values);
                if (unsatisfied >= 0)
                {
                    throw new ProvingException($"{witnessName}: the witness does not satisfy constraint {unsatisfied} of {options.ConstraintsName}");
                }
            }
            var (proof, publicSignals) = prover.Prove(values, cancellationToken);
            if (options.VerifyAfterProving)
            {
                var outcome = Groth16Verifier.Verify(prover.VerificationKey, publicSignals, proof);
                if (!outcome.IsValid)
                {
                    throw new ProvingException($"the proof made from {witnessName} does not verify ({outcome.Reason}); the witness does not satisfy the circuit");
                }
            }
            return new ProofArtifacts(proof.ToJson(), PublicSignals.ToJson(publicSignals));
        }
        finally
        {
            Array.Clear(values);
        }
    }

    public string? FindConstraintMismatch(IProvingKey key, Stream r1cs, string r1csName, CancellationToken cancellationToken) =>
        KeyConstraintCheck.FindMismatch(Own<ResidentProvingKey>(key).Prover.Key, r1cs, r1csName, cancellationToken);

    public string ExportVerificationKey(IProvingKey key) => Own<ResidentProvingKey>(key).Prover.VerificationKey.ToJson();

    public void CreateInsecureDevelopmentKey(Stream r1cs, string r1csName, Stream zkey, CancellationToken cancellationToken)
    {
        var key = InsecureDevSetup.Create(R1csFile.Read(r1cs, r1csName), cancellationToken);
        ZkeyFile.Write(zkey, key);
    }

    private T Own<T>(object key) where T : class =>
        key as T ?? throw new ArgumentException($"the key was not loaded by {Id}", nameof(key));

    /// <summary>A zkey decoded once, with its prover, kept resident by the caller.</summary>
    private sealed class ResidentProvingKey(Groth16Prover prover) : IProvingKey
    {
        public Groth16Prover Prover { get; } = prover;
        public int PublicSignalCount => Prover.Key.NPublic;
        public int WitnessLength => Prover.Key.NVars;
        public int DomainSize => Prover.Key.DomainSize;
        public BigInteger? ScalarFieldModulus => Fr.Modulus;
    }
}
