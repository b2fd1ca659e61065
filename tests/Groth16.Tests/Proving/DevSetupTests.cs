using CredentialHub.Groth16.Formats;
using CredentialHub.Groth16.Proving;

namespace CredentialHub.Groth16.Tests.Proving;

/// <summary>Keys from our insecure development setup work with snarkjs, for proving and for verifying.</summary>
public class DevSetupTests
{
    [Theory]
    [InlineData("multi")]
    [InlineData("poseidon")]
    [InlineData("nopublic")]
    public async Task Snarkjs_proves_and_verifies_with_our_dev_key_and_accepts_our_proofs(string circuit)
    {
        using var dir = new TemporaryDirectory();
        var r1cs = R1csFile.Read(Path.Combine(Vectors.Directory(circuit), "circuit.r1cs"));
        var key = InsecureDevSetup.Create(r1cs);
        ZkeyFile.Write(dir.File("dev.zkey"), key);
        var prover = new Groth16Prover(ZkeyFile.Read(dir.File("dev.zkey")));
        File.WriteAllText(dir.File("vk.json"), prover.VerificationKey.ToJson());

        // The layout matches snarkjs's key for the same circuit: same sizes, same coefficient count.
        var reference = ZkeyFile.Read(Path.Combine(Vectors.Directory(circuit), "circuit.zkey"));
        Assert.Equal((reference.NVars, reference.NPublic, reference.DomainSize, reference.Coefficients.Length),
            (key.NVars, key.NPublic, key.DomainSize, key.Coefficients.Length));

        string witness = Path.Combine(Vectors.Directory(circuit), "witness.wtns");
        var theirs = await Snarkjs.RunAsync("groth16", "prove", dir.File("dev.zkey"), witness, dir.File("proof-snarkjs.json"), dir.File("public-snarkjs.json"));
        Assert.True(theirs.ExitCode == 0, theirs.Output);
        Assert.True(await Snarkjs.VerifiesAsync(dir.File("vk.json"), dir.File("public-snarkjs.json"), dir.File("proof-snarkjs.json")), "snarkjs rejects its own proof with our key");
        Assert.True(Groth16Verifier.Verify(prover.VerificationKey, File.ReadAllBytes(dir.File("public-snarkjs.json")), File.ReadAllBytes(dir.File("proof-snarkjs.json"))).IsValid);

        var (proof, signals) = prover.Prove(WtnsFile.Read(witness));
        File.WriteAllText(dir.File("proof.json"), proof.ToJson());
        File.WriteAllText(dir.File("public.json"), PublicSignals.ToJson(signals));
        Assert.True(await Snarkjs.VerifiesAsync(dir.File("vk.json"), dir.File("public.json"), dir.File("proof.json")), "snarkjs rejects our proof with our key");

        var exported = await Snarkjs.RunAsync("zkey", "export", "verificationkey", dir.File("dev.zkey"), dir.File("vk-snarkjs.json"));
        Assert.True(exported.ExitCode == 0, exported.Output);
        Assert.Equal(File.ReadAllText(dir.File("vk-snarkjs.json")), File.ReadAllText(dir.File("vk.json")));
    }

    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(1, 0, 1)]
    [InlineData(1000, 2, 10)]
    [InlineData(1022, 1, 10)]
    [InlineData(1023, 1, 11)]
    [InlineData(544, 4, 10)]
    public void The_domain_is_the_smallest_power_of_two_above_constraints_plus_public_signals(int constraints, int nPublic, int log2) =>
        Assert.Equal(log2, InsecureDevSetup.DomainLog2(constraints, nPublic));
}
