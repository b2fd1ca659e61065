namespace CredentialHub.Host.Tests;

/// <summary>
/// A whole ceremony through our command line — <c>setup</c> from a snarkjs ptau, <c>zkey contribute</c>, <c>zkey
/// beacon</c>, <c>zkey verify</c> — accepted by <c>snarkjs zkey verify</c> too; and <c>zkey verify</c>'s exit codes:
/// 1 with the failed check for a key of another circuit, 2 for a ptau too small.
/// </summary>
public sealed class ZkeyVerifyCommandTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new("credentialhub-zkey-verify-");

    public void Dispose() => _dir.Dispose();

    private static Task<ProcessResult> Run(params string[] arguments) => HostProcess.RunAsync(arguments, timeout: TimeSpan.FromMinutes(2));

    private static async Task Snarkjs_(params string[] arguments)
    {
        var result = await Snarkjs.RunAsync(arguments);
        Assert.True(result.ExitCode == 0, $"snarkjs {string.Join(' ', arguments)}: {result.Output}");
    }

    [Fact]
    public async Task A_ceremony_made_with_our_commands_verifies_with_ours_and_with_snarkjs()
    {
        await Snarkjs_("powersoftau", "new", "bn128", "7", _dir.File("pot_0000.ptau"));
        await Snarkjs_("powersoftau", "contribute", _dir.File("pot_0000.ptau"), _dir.File("pot_0001.ptau"), "--name=phase 1", "-e=phase one entropy");
        await Snarkjs_("powersoftau", "prepare", "phase2", _dir.File("pot_0001.ptau"), _dir.File("pot.ptau"));
        string r1cs = HostProcess.Vector("multi", "circuit.r1cs"), ptau = _dir.File("pot.ptau");

        foreach (var step in new[]
        {
            new[] { "setup", r1cs, ptau, _dir.File("k0.zkey") },
            ["zkey", "contribute", _dir.File("k0.zkey"), _dir.File("k1.zkey"), "--name", "alice", "--entropy", "alice's text"],
            ["zkey", "contribute", _dir.File("k1.zkey"), _dir.File("k2.zkey"), "--name", "bob"],
            ["zkey", "beacon", _dir.File("k2.zkey"), _dir.File("final.zkey"), "00112233445566778899aabbccddeeff", "10", "--name", "beacon"],
        })
        {
            var made = await Run(step);
            Assert.True(made.ExitCode == 0, $"{string.Join(' ', step)}: {made.Output}");
        }

        var ours = await Run("zkey", "verify", r1cs, ptau, _dir.File("final.zkey"));
        Assert.True(ours.ExitCode == 0, ours.Output);
        Assert.EndsWith("ZKey Ok!", ours.Stdout.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("contribution #1 alice:", ours.Stdout, StringComparison.Ordinal);
        Assert.Contains("contribution #3 beacon:", ours.Stdout, StringComparison.Ordinal);
        Assert.Contains("Beacon generator: 00112233445566778899aabbccddeeff", ours.Stdout, StringComparison.Ordinal);
        Assert.Contains("powers of tau: " + ptau + ": 2^7", ours.Stdout, StringComparison.Ordinal);

        var snarkjs = await Snarkjs.RunAsync("zkey", "verify", r1cs, ptau, _dir.File("final.zkey"));
        Assert.True(snarkjs.ExitCode == 0 && snarkjs.Output.Contains("ZKey Ok!", StringComparison.Ordinal), snarkjs.Output);

        // Another circuit's r1cs: the key does not come from it (exit 1, the check named).
        var other = await Run("zkey", "verify", HostProcess.Vector("nopublic", "circuit.r1cs"), ptau, _dir.File("final.zkey"));
        Assert.True(other.ExitCode == 1, other.Output);
        Assert.Contains("INVALID: the key is for another circuit", other.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("ZKey Ok!", other.Stdout, StringComparison.Ordinal);

        // A ptau too small for the circuit: unusable input (exit 2), naming the power needed.
        var small = await Run("zkey", "verify", HostProcess.Vector("poseidon", "circuit.r1cs"), ptau, _dir.File("final.zkey"));
        Assert.True(small.ExitCode == 2, small.Output);
        Assert.Contains("needs powers of tau 2^10", small.Stderr, StringComparison.Ordinal);
    }
}
