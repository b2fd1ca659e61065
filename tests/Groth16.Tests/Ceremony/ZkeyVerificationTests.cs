using CredentialHub.Bn254.Curves;
using CredentialHub.Groth16.Ceremony;
using CredentialHub.Groth16.Formats;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Groth16.Tests.Ceremony;

/// <summary>
/// <c>zkey verify</c> (<see cref="IPhase2Setup.VerifyKey"/>) both ways with snarkjs 0.7.6: snarkjs's ceremonies verify
/// with ours; a ceremony made with ours (setup from the ptau, a contribution, a beacon) verifies with ours and with
/// snarkjs; and each kind of tampering — a point, a coefficient, a contribution record altered or removed, a key for
/// another circuit or from another ptau, a ptau too small — is refused, naming the check.
/// </summary>
public sealed class ZkeyVerificationTests(ContributedCeremony ceremony) : IClassFixture<ContributedCeremony>
{
    private static readonly Groth16ProofSystem System = new();

    [Theory]
    [InlineData("multi")]
    [InlineData("poseidon")]
    public async Task A_snarkjs_ceremony_with_a_beacon_verifies_and_lists_its_contributions(string circuit)
    {
        string beacon = ceremony.File($"{circuit}_beacon.zkey");
        await SnarkjsCeremony.Step("zkey", "beacon", ceremony.Contributed(circuit), beacon, "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "10", "-n=final beacon");

        var result = Verify(circuit, beacon);
        Assert.True(result.IsValid, result.Failure);
        Assert.Equal(2, result.Contributions.Count);
        Assert.Equal("second", result.Contributions[0].Name);
        Assert.Equal(ContributionKind.Beacon, result.Contributions[1].Kind);
        Assert.Equal(10, result.Contributions[1].IterationsExponent);
        Assert.Equal(10, result.PowersOfTau.Power);

        // The hashes are those snarkjs's own zkey verify lists.
        var listed = await SnarkjsCeremony.Step("zkey", "verify", ContributedCeremony.R1cs(circuit), ceremony.Ptau, beacon);
        string output = listed.Output.Replace(" ", "").Replace("\n", "").Replace("\t", "");
        foreach (var c in result.Contributions)
        {
            Assert.Contains(c.Hash, output, StringComparison.OrdinalIgnoreCase);
        }
        Assert.True(Verify(circuit, ceremony.Initial(circuit)).IsValid);
    }

    [Fact]
    public async Task A_ceremony_made_with_ours_verifies_with_ours_and_with_snarkjs()
    {
        string initial = ceremony.File("ours_0000.zkey"), contributed = ceremony.File("ours_0001.zkey"), final = ceremony.File("ours_final.zkey");
        using (var r1cs = File.OpenRead(ContributedCeremony.R1cs("poseidon")))
        using (var ptau = File.OpenRead(ceremony.Ptau))
        using (var zkey = File.Create(initial))
        {
            System.CreateInitialKey(r1cs, "poseidon.r1cs", ptau, ceremony.Ptau, zkey, CancellationToken.None);
        }
        using (var input = File.OpenRead(initial))
        using (var output = File.Create(contributed))
        {
            System.Contribute(input, initial, output, "ours", "entropy"u8, CancellationToken.None);
        }
        using (var input = File.OpenRead(contributed))
        using (var output = File.Create(final))
        {
            System.Beacon(input, contributed, output, "our beacon", Convert.FromHexString("deadbeef"), 10, CancellationToken.None);
        }

        var result = Verify("poseidon", final);
        Assert.True(result.IsValid, result.Failure);
        Assert.Equal(["ours", "our beacon"], result.Contributions.Select(c => c.Name));

        var snarkjs = await Snarkjs.RunAsync("zkey", "verify", ContributedCeremony.R1cs("poseidon"), ceremony.Ptau, final);
        Assert.True(snarkjs.ExitCode == 0 && snarkjs.Output.Contains("ZKey Ok!", StringComparison.Ordinal), snarkjs.Output);
    }

    [Theory]
    [InlineData("C", "the C (L) section does not follow delta")]
    [InlineData("H", "the H section does not follow")]
    [InlineData("A", "the A section is not")]
    [InlineData("B2", "the B2 section is not")]
    [InlineData("IC", "the IC section is not")]
    [InlineData("coefficient", "the coefficients section is not")]
    [InlineData("removed", "delta1 is not the last contribution's deltaAfter")]
    [InlineData("g1_sx", "contribution #1 (second): its transcript hash")]
    [InlineData("deltaAfter", "contribution #1 (second): deltaAfter is not")]
    [InlineData("circuit hash", "contribution #1 (second): its transcript hash")]
    public async Task A_tampered_key_is_refused_naming_the_check_and_by_snarkjs(string what, string expected)
    {
        var key = ZkeyFile.Read(ceremony.Contributed("poseidon"));
        var parameters = PhaseTwoParameters.Read(new BinarySection(new MemoryStream(key.Contributions), "section 10", 10, (ulong)key.Contributions.Length));
        var c = parameters.Contributions[0];
        G1Affine Moved(G1Affine p) => (p.ToJacobian() + G1Affine.Generator).ToAffine();
        byte[] contributions = key.Contributions;
        switch (what)
        {
            case "C": key.C.Writable()[2] = Moved(key.C.Span[2]); break;
            case "H": key.H.Writable()[^1] = Moved(key.H.Span[^1]); break;
            case "A": key.A.Writable()[1] = Moved(key.A.Span[1]); break;
            case "IC": key.IC[0] = Moved(key.IC[0]); break;
            case "B2": key.B2.Writable()[4] = (key.B2.Span[4].ToJacobian() + G2Affine.Generator.ToJacobian()).ToAffine(); break;
            case "coefficient": key.Coefficients[7] = key.Coefficients[7] with { Signal = (key.Coefficients[7].Signal + 1) % key.NVars }; break;
            case "removed": contributions = new PhaseTwoParameters(parameters.CircuitHash, []).ToBytes(); break;
            case "g1_sx": contributions = new PhaseTwoParameters(parameters.CircuitHash, [c with { G1Sx = Moved(c.G1Sx) }]).ToBytes(); break;
            case "deltaAfter": contributions = new PhaseTwoParameters(parameters.CircuitHash, [c with { DeltaAfter = Moved(c.DeltaAfter) }]).ToBytes(); break;
            case "circuit hash":
                var hash = (byte[])parameters.CircuitHash.Clone();
                hash[0] ^= 1;
                contributions = new PhaseTwoParameters(hash, [c]).ToBytes();
                break;
        }
        string path = ceremony.File($"tampered-{what.Replace(' ', '-')}.zkey");
        ZkeyFile.Write(path, new ProvingKey(key.NVars, key.NPublic, key.DomainSize, key.Alpha1, key.Beta1, key.Beta2, key.Gamma2,
            key.Delta1, key.Delta2, key.IC, key.Coefficients, key.A, key.B1, key.B2, key.C, key.H, contributions));

        var result = Verify("poseidon", path);
        Assert.False(result.IsValid);
        Assert.StartsWith(expected, result.Failure);
        await AssertSnarkjsRefusesAsync("poseidon", ceremony.Ptau, path);
    }

    /// <summary>snarkjs 0.7.6's own <c>zkey verify</c> refuses the key too (it exits non-zero without "ZKey Ok!").</summary>
    private static async Task AssertSnarkjsRefusesAsync(string circuit, string ptau, string zkey)
    {
        var snarkjs = await Snarkjs.RunAsync("zkey", "verify", ContributedCeremony.R1cs(circuit), ptau, zkey);
        Assert.False(snarkjs.Output.Contains("ZKey Ok!", StringComparison.Ordinal), $"snarkjs zkey verify accepted {Path.GetFileName(zkey)} for {circuit}: {snarkjs.Output}");
        // Refused by its checks (an INVALID line, or its logger's error line), not for want of a file.
        Assert.True((snarkjs.Output.Contains("INVALID", StringComparison.Ordinal) || snarkjs.Output.Contains("[ERROR]", StringComparison.Ordinal))
            && !snarkjs.Output.Contains("ENOENT", StringComparison.Ordinal),
            $"snarkjs zkey verify of {Path.GetFileName(zkey)} for {circuit} did not refuse it by a check: {snarkjs.Output}");
    }

    [Fact]
    public async Task A_key_for_another_circuit_or_from_another_ptau_is_refused_by_ours_and_by_snarkjs()
    {
        var wrongCircuit = Verify("multi", ceremony.Contributed("poseidon"));
        Assert.StartsWith("the key is for another circuit", wrongCircuit.Failure);
        await AssertSnarkjsRefusesAsync("multi", ceremony.Ptau, ceremony.Contributed("poseidon"));

        var otherPtau = Verify("multi", ceremony.File("multi_other.zkey"));
        Assert.Equal("alpha1 is not the ptau's", otherPtau.Failure);
        await AssertSnarkjsRefusesAsync("multi", ceremony.Ptau, ceremony.File("multi_other.zkey"));
    }

    [Fact]
    public void A_ptau_too_small_for_the_circuit_is_refused_naming_the_power()
    {
        using var r1cs = File.OpenRead(ContributedCeremony.R1cs("poseidon"));
        using var ptau = File.OpenRead(ceremony.OtherPtau);
        using var zkey = File.OpenRead(ceremony.Contributed("poseidon"));
        var error = Assert.ThrowsAny<ArtifactFormatException>(() =>
            System.VerifyKey(r1cs, "poseidon.r1cs", ptau, "other.ptau", zkey, "poseidon.zkey", CancellationToken.None));
        Assert.Contains("needs powers of tau 2^10", error.Message);
    }

    [Fact]
    public async Task A_ptau_too_small_for_the_circuit_is_refused_by_snarkjs_too()
    {
        await AssertSnarkjsRefusesAsync("poseidon", ceremony.OtherPtau, ceremony.Contributed("poseidon"));
    }

    private KeyVerification Verify(string circuit, string zkeyPath)
    {
        using var r1cs = File.OpenRead(ContributedCeremony.R1cs(circuit));
        using var ptau = File.OpenRead(ceremony.Ptau);
        using var zkey = File.OpenRead(zkeyPath);
        return System.VerifyKey(r1cs, circuit + ".r1cs", ptau, "pot.ptau", zkey, zkeyPath, CancellationToken.None);
    }
}
