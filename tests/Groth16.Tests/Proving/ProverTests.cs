using CredentialHub.Bn254.Fields;
using CredentialHub.Groth16.Formats;
using CredentialHub.Groth16.Proving;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Groth16.Tests.Proving;

/// <summary>
/// Proofs made by our prover from snarkjs-made keys and witnesses: accepted by our verifier and by
/// `snarkjs groth16 verify`, randomised, and refused when the witness does not satisfy the circuit.
/// </summary>
public class ProverTests
{
    public static TheoryData<string> Circuits() => ["multi", "poseidon", "nopublic"];

    private static Groth16Prover ProverFor(string circuit) => new(ZkeyFile.Read(Path.Combine(Vectors.Directory(circuit), "circuit.zkey")));

    private static Fr[] Witness(string circuit, string file = "witness.wtns") => WtnsFile.Read(Path.Combine(Vectors.Directory(circuit), file));

    [Theory]
    [MemberData(nameof(Circuits))]
    public async Task Our_proofs_from_snarkjs_keys_pass_our_verifier_and_snarkjs(string circuit)
    {
        using var dir = new TemporaryDirectory();
        var prover = ProverFor(circuit);
        foreach (var witnessFile in new[] { "witness.wtns", "witness2.wtns" })
        {
            var (proof, signals) = prover.Prove(Witness(circuit, witnessFile));
            Assert.True(Groth16Verifier.Verify(prover.VerificationKey, signals, proof).IsValid);
            File.WriteAllText(dir.File("proof.json"), proof.ToJson());
            File.WriteAllText(dir.File("public.json"), PublicSignals.ToJson(signals));
            string expectedPublic = witnessFile == "witness.wtns" ? "public.json" : "public2.json";
            Assert.Equal(File.ReadAllText(Path.Combine(Vectors.Directory(circuit), expectedPublic)), File.ReadAllText(dir.File("public.json")));
            Assert.True(await Snarkjs.VerifiesAsync(Path.Combine(Vectors.Directory(circuit), "verification_key.json"), dir.File("public.json"), dir.File("proof.json")),
                $"snarkjs rejects our {circuit} proof for {witnessFile}");
        }
    }

    [Fact]
    public void Two_proofs_of_the_same_witness_differ()
    {
        var prover = ProverFor("multi");
        var first = prover.Prove(Witness("multi")).Proof;
        var second = prover.Prove(Witness("multi")).Proof;
        Assert.NotEqual(first.A, second.A);
        Assert.NotEqual(first.B, second.B);
        Assert.NotEqual(first.C, second.C);
    }

    [Fact]
    public void A_witness_that_does_not_satisfy_the_circuit_is_reported_with_the_constraint()
    {
        var r1cs = R1csFile.Read(Path.Combine(Vectors.Directory("poseidon"), "circuit.r1cs"));
        var witness = Witness("poseidon");
        witness[^1] += Fr.One;
        int unsatisfied = R1csFile.FirstUnsatisfied(r1cs, witness);
        Assert.True(unsatisfied >= 0);

        var system = new Groth16ProofSystem();
        using var zkey = File.OpenRead(Path.Combine(Vectors.Directory("poseidon"), "circuit.zkey"));
        var key = system.LoadProvingKey(zkey, "circuit.zkey");
        using var witnessStream = new MemoryStream();
        WtnsFile.Write(witnessStream, witness);

        witnessStream.Position = 0;
        using var constraints = File.OpenRead(Path.Combine(Vectors.Directory("poseidon"), "circuit.r1cs"));
        var checkedFirst = Assert.Throws<ProvingException>(() => system.Prove(key, witnessStream, "bad.wtns", new ProveOptions(constraints, "circuit.r1cs"), CancellationToken.None));
        Assert.Equal($"bad.wtns: the witness does not satisfy constraint {unsatisfied} of circuit.r1cs", checkedFirst.Message);

        witnessStream.Position = 0;
        var verifiedAfter = Assert.Throws<ProvingException>(() => system.Prove(key, witnessStream, "bad.wtns", new ProveOptions(VerifyAfterProving: true), CancellationToken.None));
        Assert.Contains("does not verify", verifiedAfter.Message);
    }

    [Fact]
    public void A_witness_of_another_circuit_is_refused()
    {
        var prover = ProverFor("multi");
        var e = Assert.Throws<ProvingException>(() => prover.Prove(Witness("poseidon")));
        Assert.Contains("expects", e.Message);
    }

    [Theory]
    [MemberData(nameof(Circuits))]
    public void The_exported_verification_key_is_byte_identical_to_snarkjs(string circuit) =>
        Assert.Equal(
            File.ReadAllText(Path.Combine(Vectors.Directory(circuit), "verification_key.json")),
            ProverFor(circuit).VerificationKey.ToJson());

    [Theory]
    [MemberData(nameof(Circuits))]
    public void Proof_and_public_json_are_written_byte_for_byte_as_snarkjs_writes_them(string circuit)
    {
        var text = Groth16Proof.ReadText(Vectors.Read(circuit, "proof.json"));
        Assert.True(Groth16Proof.TryDecode(text, out var proof, out _));
        Assert.Equal(File.ReadAllText(Path.Combine(Vectors.Directory(circuit), "proof.json")), proof.ToJson());
        var key = VerificationKey.Parse(Vectors.Read(circuit, "verification_key.json"));
        Assert.True(PublicSignals.TryDecode(PublicSignals.ReadText(Vectors.Read(circuit, "public.json")), key.PublicSignalCount, out var signals, out _));
        Assert.Equal(File.ReadAllText(Path.Combine(Vectors.Directory(circuit), "public.json")), PublicSignals.ToJson(signals));
    }
}
