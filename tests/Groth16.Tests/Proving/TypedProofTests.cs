using System.Text;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;
using CredentialHub.Groth16.Formats;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Groth16.Tests.Proving;

/// <summary>
/// The plugin's typed contract: a witness handed over as field elements, a proof handed back typed, verified as it is
/// with exactly the outcome and reason its proof.json and public.json get, and written in snarkjs's formats.
/// </summary>
public sealed class TypedProofTests
{
    private static readonly Groth16ProofSystem System = new();

    private static (IProvingKey Key, IVerificationKey VerificationKey) Keys(string circuit)
    {
        using var zkey = File.OpenRead(Path.Combine(Vectors.Directory(circuit), "circuit.zkey"));
        return (System.LoadProvingKey(zkey, "circuit.zkey"), System.LoadVerificationKey(Vectors.Read(circuit, "verification_key.json")));
    }

    private static Witness ReadWitness(string circuit, string file = "witness.wtns")
    {
        using var wtns = File.OpenRead(Path.Combine(Vectors.Directory(circuit), file));
        return System.ReadWitness(wtns, file);
    }

    /// <summary>The outcome of the proof written out as snarkjs writes it and read back.</summary>
    private static VerificationOutcome ViaJson(IVerificationKey key, IProof proof) =>
        System.Verify(key, Encoding.UTF8.GetBytes(proof.PublicSignalsToJson()), Encoding.UTF8.GetBytes(proof.ToJson()));

    [Theory]
    [InlineData("multi")]
    [InlineData("poseidon")]
    [InlineData("nopublic")]
    public void A_witness_read_from_a_file_holds_its_values_as_field_elements(string circuit)
    {
        var expected = WtnsFile.Read(Path.Combine(Vectors.Directory(circuit), "witness.wtns"));
        var witness = ReadWitness(circuit);
        Assert.Equal(("witness.wtns", Fr.Modulus, 32, expected.Length), (witness.Name, witness.Modulus, witness.ElementSize, witness.Length));
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Fr.TryReadBytes(witness[i], bigEndian: false, out var value));
            Assert.Equal(expected[i], value);
        }
        witness.Clear();
        Assert.True(witness.Values.IndexOfAnyExcept((byte)0) < 0);
    }

    [Theory]
    [InlineData("multi")]
    [InlineData("poseidon")]
    public void A_typed_proof_verifies_as_it_is_and_writes_what_snarkjs_writes(string circuit)
    {
        var (key, verificationKey) = Keys(circuit);
        var proof = System.Prove(key, ReadWitness(circuit), new ProveOptions(), CancellationToken.None);
        Assert.Equal(VerificationOutcome.Valid, System.Verify(verificationKey, proof));
        Assert.Equal(VerificationOutcome.Valid, ViaJson(verificationKey, proof));
        Assert.Equal(Encoding.UTF8.GetString(Vectors.Read(circuit, "public.json")), proof.PublicSignalsToJson());
        Assert.StartsWith("{\n \"pi_a\": [\n  \"", proof.ToJson(), StringComparison.Ordinal);

        // The file route is the typed route written out.
        using var wtns = File.OpenRead(Path.Combine(Vectors.Directory(circuit), "witness.wtns"));
        var artifacts = System.Prove(key, wtns, "witness.wtns", new ProveOptions(VerifyAfterProving: true), CancellationToken.None);
        Assert.Equal(proof.PublicSignalsToJson(), artifacts.PublicSignalsJson);
        Assert.Equal(VerificationOutcome.Valid, System.Verify(verificationKey, Encoding.UTF8.GetBytes(artifacts.PublicSignalsJson), Encoding.UTF8.GetBytes(artifacts.ProofJson)));
    }

    [Fact]
    public void A_typed_proof_that_fails_gets_the_reason_its_json_gets()
    {
        var (key, verificationKey) = Keys("multi");
        var made = (Groth16Artifacts)System.Prove(key, ReadWitness("multi"), new ProveOptions(), CancellationToken.None);
        var signals = made.Signals.ToArray();
        var a = made.Proof.A;
        var offCurve = new G1Affine(a.X, a.Y + Fp.One);
        var cases = new IProof[]
        {
            new Groth16Artifacts(made.Proof with { A = a.ToJacobian().Double().ToAffine() }, signals),
            new Groth16Artifacts(made.Proof with { A = offCurve }, signals),
            new Groth16Artifacts(made.Proof with { C = offCurve }, signals),
            new Groth16Artifacts(made.Proof with { A = G1Affine.Identity }, signals),
            new Groth16Artifacts(made.Proof with { B = G2Affine.Identity }, signals),
            new Groth16Artifacts(made.Proof, signals[1..]),
            new Groth16Artifacts(made.Proof, [.. signals, Fr.One]),
            new Groth16Artifacts(made.Proof, [signals[0] + Fr.One, .. signals[1..]]),
        };
        foreach (var proof in cases)
        {
            var typed = System.Verify(verificationKey, proof);
            Assert.False(typed.IsValid);
            Assert.Equal(ViaJson(verificationKey, proof), typed);
        }
    }

    [Fact]
    public void A_witness_of_another_field_or_out_of_range_is_refused()
    {
        var (key, _) = Keys("multi");
        var witness = ReadWitness("multi");
        var other = new Witness("other", Fr.Modulus + 2, 32, witness.Values.ToArray());
        Assert.Contains("another field", Assert.Throws<ProvingException>(() => System.Prove(key, other, new ProveOptions(), CancellationToken.None)).Message);
        var values = witness.Values.ToArray();
        Fr.Modulus.TryWriteBytes(values.AsSpan(32, 32), out _, isUnsigned: true, isBigEndian: false);
        var outside = new Witness("outside", Fr.Modulus, 32, values);
        Assert.Equal("outside: witness value 1 is not below r", Assert.Throws<ProvingException>(() => System.Prove(key, outside, new ProveOptions(), CancellationToken.None)).Message);
        Assert.Throws<ArgumentException>(() => new Witness("ragged", Fr.Modulus, 32, new byte[33]));
    }
}
