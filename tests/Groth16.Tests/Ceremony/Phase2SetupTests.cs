using CredentialHub.Groth16.Ceremony;
using CredentialHub.Groth16.Formats;
using CredentialHub.Groth16.Proving;
using CredentialHub.Groth16.Tests.Formats;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Groth16.Tests.Ceremony;

/// <summary>
/// The initial phase-2 key (<see cref="Groth16ProofSystem.CreateInitialKey"/>) against the real snarkjs on ptau files it
/// made (<see cref="SnarkjsCeremony"/>): the same bytes as <c>snarkjs groth16 setup</c>, accepted by
/// <c>snarkjs zkey verify</c>, proofs from it (and from a snarkjs contribution to it) accepted by snarkjs; a ptau not
/// prepared for phase 2, or too small for the circuit, refused by name.
/// </summary>
public class Phase2SetupTests
{
    private static InitialKeyInfo Setup(string r1cs, string ptau, string zkey)
    {
        using var r1csStream = File.OpenRead(r1cs);
        using var ptauStream = File.OpenRead(ptau);
        using var zkeyStream = File.Create(zkey);
        return new Groth16ProofSystem().CreateInitialKey(r1csStream, Path.GetFileName(r1cs), ptauStream, Path.GetFileName(ptau), zkeyStream, CancellationToken.None);
    }

    [Theory]
    [InlineData("multi", 8)]
    [InlineData("nopublic", 8)]
    [InlineData("poseidon", 10)]
    [InlineData("poseidon", 11)]
    public async Task Our_initial_key_is_byte_for_byte_the_one_snarkjs_groth16_setup_writes(string circuit, int power)
    {
        string ptau = await SnarkjsCeremony.PreparedAsync(power);
        string dir = SnarkjsCeremony.NewFolder(circuit);
        string r1cs = Path.Combine(Vectors.Directory(circuit), "circuit.r1cs");
        var theirs = await SnarkjsCeremony.Step("groth16", "setup", r1cs, ptau, Path.Combine(dir, "snarkjs.zkey"));

        var made = Setup(r1cs, ptau, Path.Combine(dir, "ours.zkey"));

        byte[] expected = File.ReadAllBytes(Path.Combine(dir, "snarkjs.zkey"));
        byte[] actual = File.ReadAllBytes(Path.Combine(dir, "ours.zkey"));
        Assert.Equal(expected.Length, actual.Length);
        int first = Enumerable.Range(0, expected.Length).FirstOrDefault(i => expected[i] != actual[i], -1);
        Assert.True(first < 0, $"the keys differ first at byte {first} (section layout: {string.Join(", ", new ContainerLayout(expected).Order.Select(id => $"{id}@{new ContainerLayout(expected).BodyOffset(id)}"))})");

        // The circuit hash returned is the one in section 10 and the one snarkjs printed.
        var layout = new ContainerLayout(actual);
        Assert.Equal(actual.AsSpan(layout.BodyOffset(10), 64).ToArray(), made.CircuitHash);
        string printed = string.Concat(theirs.Output.Split('\n').SkipWhile(line => !line.Contains("Circuit hash", StringComparison.Ordinal)).Skip(1).Take(4)
            .SelectMany(line => line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal(printed, Convert.ToHexStringLower(made.CircuitHash));
        Assert.Equal(power, made.PtauPower);
        Assert.Equal(ZkeyFile.Read(Path.Combine(dir, "ours.zkey")).DomainSize, 1 << made.DomainPower);

        // Every point as one multi-scalar multiplication (the path of the points with many terms) gives the same bytes.
        int manyTerms = Phase2Setup.ManyTerms;
        Phase2Setup.ManyTerms = 1;
        try
        {
            Setup(r1cs, ptau, Path.Combine(dir, "msm.zkey"));
        }
        finally
        {
            Phase2Setup.ManyTerms = manyTerms;
        }
        Assert.Equal(expected, File.ReadAllBytes(Path.Combine(dir, "msm.zkey")));
    }

    [Fact]
    public async Task Snarkjs_zkey_verify_accepts_our_key_and_proofs_from_it_and_from_a_contribution_to_it_verify_with_snarkjs()
    {
        string ptau = await SnarkjsCeremony.PreparedAsync(8);
        string dir = SnarkjsCeremony.NewFolder("multi-proofs");
        string r1cs = Path.Combine(Vectors.Directory("multi"), "circuit.r1cs");
        string initial = Path.Combine(dir, "circuit_0000.zkey");
        Setup(r1cs, ptau, initial);

        var verified = await Snarkjs.RunAsync("zkey", "verify", r1cs, ptau, initial);
        Assert.True(verified.ExitCode == 0 && verified.Output.Contains("ZKey Ok!", StringComparison.OrdinalIgnoreCase), verified.Output);

        string contributed = Path.Combine(dir, "circuit_0001.zkey");
        await SnarkjsCeremony.Step("zkey", "contribute", initial, contributed, "--name=second", "-e=more entropy");
        var chained = await Snarkjs.RunAsync("zkey", "verify", r1cs, ptau, contributed);
        Assert.True(chained.ExitCode == 0 && chained.Output.Contains("ZKey Ok!", StringComparison.OrdinalIgnoreCase), chained.Output);

        string witness = Path.Combine(Vectors.Directory("multi"), "witness.wtns");
        foreach (string zkey in new[] { initial, contributed })
        {
            var prover = new Groth16Prover(ZkeyFile.Read(zkey));
            var (proof, signals) = prover.Prove(WtnsFile.Read(witness));
            string name = Path.GetFileNameWithoutExtension(zkey);
            await SnarkjsCeremony.Step("zkey", "export", "verificationkey", zkey, Path.Combine(dir, name + ".vk.json"));
            File.WriteAllText(Path.Combine(dir, name + ".proof.json"), proof.ToJson());
            File.WriteAllText(Path.Combine(dir, name + ".public.json"), PublicSignals.ToJson(signals));
            Assert.True(await Snarkjs.VerifiesAsync(Path.Combine(dir, name + ".vk.json"), Path.Combine(dir, name + ".public.json"), Path.Combine(dir, name + ".proof.json")),
                $"snarkjs rejects our proof made with {name}");

            // The proof does not verify against another key (the test can fail).
            var other = Path.Combine(Vectors.Directory("multi"), "verification_key.json");
            Assert.False(await Snarkjs.VerifiesAsync(other, Path.Combine(dir, name + ".public.json"), Path.Combine(dir, name + ".proof.json")));
        }
    }

    [Fact]
    public async Task A_ptau_too_small_for_the_circuit_is_refused_naming_the_power_needed()
    {
        string ptau = await SnarkjsCeremony.PreparedAsync(8);
        string dir = SnarkjsCeremony.NewFolder("too-small");
        var e = Assert.Throws<BinaryFormatException>(() => Setup(Path.Combine(Vectors.Directory("poseidon"), "circuit.r1cs"), ptau, Path.Combine(dir, "k.zkey")));
        Assert.Contains("the circuit needs powers of tau 2^10 (549 rows: 544 constraints and 5 for the public signals)", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{Path.GetFileName(ptau)} has 2^8", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, new FileInfo(Path.Combine(dir, "k.zkey")).Length);
    }

    [Fact]
    public async Task A_ptau_not_prepared_for_phase_2_is_refused()
    {
        string ptau = await SnarkjsCeremony.ContributedAsync(8);
        string dir = SnarkjsCeremony.NewFolder("unprepared");
        var e = Assert.Throws<BinaryFormatException>(() => Setup(Path.Combine(Vectors.Directory("multi"), "circuit.r1cs"), ptau, Path.Combine(dir, "k.zkey")));
        Assert.Contains("is not prepared for phase 2", e.Message, StringComparison.Ordinal);
        Assert.StartsWith(Path.GetFileName(ptau), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_point_in_the_lagrange_block_the_key_is_made_from_is_refused_by_index()
    {
        string ptau = await SnarkjsCeremony.PreparedAsync(8);
        string dir = SnarkjsCeremony.NewFolder("changed");
        byte[] bytes = File.ReadAllBytes(ptau);
        var layout = new ContainerLayout(bytes);
        // multi's domain is 2^6: its block of section 14 starts at point 63; change point 63 + 5.
        int offset = layout.BodyOffset(14) + (63 + 5) * 64 + 32;
        bytes[offset] ^= 1;
        File.WriteAllBytes(Path.Combine(dir, "changed.ptau"), bytes);
        var e = Assert.Throws<BinaryFormatException>(() => Setup(Path.Combine(Vectors.Directory("multi"), "circuit.r1cs"), Path.Combine(dir, "changed.ptau"), Path.Combine(dir, "k.zkey")));
        Assert.Equal(14, e.Section);
        Assert.Contains("Lagrange alphaTauG1 (the 2^6 block)[5]: is not on the curve", e.Problem, StringComparison.Ordinal);
    }
}
