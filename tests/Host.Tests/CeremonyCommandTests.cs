namespace CredentialHub.Host.Tests;

/// <summary>
/// `setup &lt;r1cs&gt; &lt;ptau&gt; &lt;zkey&gt;` and `ptau info` end to end through the plugin (IPhase2Setup), with
/// their exit codes, against ptau files snarkjs made (the committed vectors of tests/Groth16.Tests/Ceremony/vectors, and
/// a small ceremony made here with snarkjs).
/// </summary>
public class CeremonyCommandTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new("credentialhub-ceremony-");

    public void Dispose() => _dir.Dispose();

    private static string PtauVector(string file) => Repository.Path("tests", "Groth16.Tests", "Ceremony", "vectors", file);

    private static async Task Snarkjs_(params string[] arguments)
    {
        var result = await Snarkjs.RunAsync(arguments);
        Assert.True(result.ExitCode == 0, $"snarkjs {string.Join(' ', arguments)}: {result.Output}");
    }

    /// <summary>A power-6 ceremony (enough for the multi vector's 2^6 domain): new, one contribution, prepared.</summary>
    private async Task<(string Contributed, string Prepared)> CeremonyAsync()
    {
        await Snarkjs_("powersoftau", "new", "bn128", "6", _dir.File("pot6_0000.ptau"));
        await Snarkjs_("powersoftau", "contribute", _dir.File("pot6_0000.ptau"), _dir.File("pot6_0001.ptau"), "--name=host test", "-e=host test entropy");
        await Snarkjs_("powersoftau", "prepare", "phase2", _dir.File("pot6_0001.ptau"), _dir.File("pot6_final.ptau"));
        return (_dir.File("pot6_0001.ptau"), _dir.File("pot6_final.ptau"));
    }

    [Fact]
    public async Task Setup_from_a_ptau_writes_the_key_snarkjs_writes_and_prints_its_circuit_hash_and_refuses_what_does_not_fit()
    {
        var (contributed, prepared) = await CeremonyAsync();
        string r1cs = HostProcess.Vector("multi", "circuit.r1cs");
        await Snarkjs_("groth16", "setup", r1cs, prepared, _dir.File("snarkjs.zkey"));

        var setup = await HostProcess.RunAsync(["setup", r1cs, prepared, _dir.File("circuit_0000.zkey")]);
        Assert.True(setup.ExitCode == 0, setup.Stderr);
        Assert.Equal(File.ReadAllBytes(_dir.File("snarkjs.zkey")), File.ReadAllBytes(_dir.File("circuit_0000.zkey")));
        Assert.DoesNotContain("WARNING", setup.Stderr, StringComparison.Ordinal);
        Assert.Contains("Circuit hash: \n\t\t", setup.Stderr.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains($"wrote {_dir.File("circuit_0000.zkey")}", setup.Stderr, StringComparison.Ordinal);
        Assert.Equal("", setup.Stdout);
        Assert.False(File.Exists(_dir.File("circuit_0000.zkey.partial")));

        var tooSmall = await HostProcess.RunAsync(["setup", HostProcess.Vector("poseidon", "circuit.r1cs"), prepared, _dir.File("poseidon.zkey")]);
        Assert.Equal(2, tooSmall.ExitCode);
        Assert.Contains("the circuit needs powers of tau 2^10", tooSmall.Stderr, StringComparison.Ordinal);
        Assert.Contains("pot6_final.ptau has 2^6", tooSmall.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("poseidon.zkey")));

        var unprepared = await HostProcess.RunAsync(["setup", r1cs, contributed, _dir.File("unprepared.zkey")]);
        Assert.Equal(2, unprepared.ExitCode);
        Assert.Contains("is not prepared for phase 2", unprepared.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("unprepared.zkey")));

        var both = await HostProcess.RunAsync(["setup", r1cs, prepared, _dir.File("both.zkey"), "--insecure-dev"]);
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("not both", both.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.File("both.zkey")));
    }

    [Fact]
    public async Task Ptau_info_describes_the_file_and_prints_its_blake2b_512_as_b2sum_and_snarkjs_print_hashes()
    {
        string expected = File.ReadAllLines(PtauVector("B2SUMS")).Single(line => line.EndsWith("  pot2_final.ptau", StringComparison.Ordinal))[..128];
        var result = await HostProcess.RunAsync(["ptau", "info", PtauVector("pot2_final.ptau")]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        string stdout = result.Stdout.ReplaceLineEndings("\n");
        Assert.Contains("power: 2 (2^2 points)\n", stdout, StringComparison.Ordinal);
        Assert.Contains("ceremony power: 2\n", stdout, StringComparison.Ordinal);
        Assert.Contains("prepared for phase 2: yes\n", stdout, StringComparison.Ordinal);
        Assert.Contains("contributions: 2\n  #1 vector contributor\n  #2 vector beacon (beacon 0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20, 2^10 iterations)\n", stdout, StringComparison.Ordinal);
        Assert.Contains($"blake2b-512: {expected}\n", stdout, StringComparison.Ordinal);
        string snarkjsLayout = "File hash:\n" + string.Join("\n", Enumerable.Range(0, 4).Select(line =>
            "\t\t" + string.Join(" ", Enumerable.Range(0, 4).Select(group => expected.Substring(line * 32 + group * 8, 8)))));
        Assert.Contains(snarkjsLayout, stdout, StringComparison.Ordinal);

        var unprepared = await HostProcess.RunAsync(["ptau", "info", PtauVector("pot2_beacon.ptau")]);
        Assert.Equal(0, unprepared.ExitCode);
        Assert.Contains("prepared for phase 2: no", unprepared.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ptau_info_refuses_a_damaged_file_with_exit_code_2_naming_the_section()
    {
        byte[] bytes = File.ReadAllBytes(PtauVector("pot2_final.ptau"));
        File.WriteAllBytes(_dir.File("cut.ptau"), bytes[..^64]);
        var cut = await HostProcess.RunAsync(["ptau", "info", _dir.File("cut.ptau")]);
        Assert.Equal(2, cut.ExitCode);
        Assert.Contains($"{_dir.File("cut.ptau")}: section 15: length", cut.Stderr, StringComparison.Ordinal);
        Assert.Equal("", cut.Stdout);

        var zkey = await HostProcess.RunAsync(["ptau", "info", HostProcess.Vector("multi", "circuit.zkey")]);
        Assert.Equal(2, zkey.ExitCode);
        Assert.Contains("expected 'ptau'", zkey.Stderr, StringComparison.Ordinal);
    }
}
