using System.Text.RegularExpressions;

namespace CredentialHub.Host.Tests;

/// <summary>
/// <c>zkey contribute</c> and <c>zkey beacon</c>: the new key written and the hashes printed as snarkjs prints them,
/// snarkjs's beacon reproduced byte for byte through the command line, and every bad argument refused with exit code 2
/// naming what was wrong, before any file is written.
/// </summary>
public sealed partial class ZkeyCommandTests : IDisposable
{
    private const string BeaconHex = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    private readonly TemporaryDirectory _dir = new("credentialhub-zkey-");

    public void Dispose() => _dir.Dispose();

    /// <summary>The multi test circuit's key, made by snarkjs (groth16 setup and one zkey contribute).</summary>
    private static string Key => HostProcess.Vector("multi", "circuit.zkey");

    private static Task<ProcessResult> Run(params string[] arguments) => HostProcess.RunAsync(arguments, timeout: TimeSpan.FromMinutes(2));

    [GeneratedRegex(@"^Circuit Hash: \n(\t\t[0-9a-f]{8}( [0-9a-f]{8}){3}\n){4}Contribution Hash: \n(\t\t[0-9a-f]{8}( [0-9a-f]{8}){3}\n){4}$")]
    private static partial Regex ContributeOutput();

    [Fact]
    public async Task Contribute_writes_the_key_and_prints_the_circuit_and_contribution_hashes_as_snarkjs_does()
    {
        string output = _dir.File("out.zkey");
        var result = await Run("zkey", "contribute", Key, output, "--name", "alice", "--entropy", "some text");
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Matches(ContributeOutput(), result.Stdout.ReplaceLineEndings("\n"));
        Assert.Contains($"wrote {output} (", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output + ".partial"));

        // The key still proves: its verification key differs from the input's (a new delta) and export-vkey reads it.
        var export = await Run("zkey", "export-vkey", output, _dir.File("vk.json"));
        Assert.True(export.ExitCode == 0, export.Output);
        Assert.NotEqual(File.ReadAllText(HostProcess.Vector("multi", "verification_key.json")), File.ReadAllText(_dir.File("vk.json")));
    }

    [Fact]
    public async Task Contribute_without_entropy_draws_it_from_the_system()
    {
        var one = await Run("zkey", "contribute", Key, _dir.File("1.zkey"));
        var two = await Run("zkey", "contribute", Key, _dir.File("2.zkey"));
        Assert.True(one.ExitCode == 0 && two.ExitCode == 0, one.Output + two.Output);
        Assert.NotEqual(one.Stdout, two.Stdout);
    }

    [Fact]
    public async Task Beacon_writes_the_bytes_snarkjs_writes_and_prints_its_contribution_hash()
    {
        string ours = _dir.File("ours.zkey"), theirs = _dir.File("theirs.zkey");
        var result = await Run("zkey", "beacon", Key, ours, BeaconHex, "10", "--name", "final");
        Assert.True(result.ExitCode == 0, result.Output);
        var snarkjs = await Snarkjs.RunAsync("zkey", "beacon", Key, theirs, BeaconHex, "10", "-n=final");
        Assert.True(snarkjs.ExitCode == 0, snarkjs.Output);

        Assert.Equal(File.ReadAllBytes(theirs), File.ReadAllBytes(ours));
        Assert.StartsWith("Contribution Hash: \n", result.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains(result.Stdout.ReplaceLineEndings("\n").TrimEnd('\n'), snarkjs.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_output_may_replace_the_input()
    {
        string key = _dir.File("key.zkey");
        File.Copy(Key, key);
        var result = await Run("zkey", "beacon", key, key, "ab", "10");
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.NotEqual(File.ReadAllBytes(Key), File.ReadAllBytes(key));
        Assert.True((await Run("zkey", "export-vkey", key, _dir.File("vk.json"))).ExitCode == 0);
    }

    public static TheoryData<string[], string> Refusals => new()
    {
        { ["zkey", "beacon", "IN", "OUT", "0x0102", "10"], "zkey beacon: the beacon hash '0x0102' is not hexadecimal (digits 0-9 and a-f only, no 0x)" },
        { ["zkey", "beacon", "IN", "OUT", "01g2", "10"], "zkey beacon: the beacon hash '01g2' is not hexadecimal" },
        { ["zkey", "beacon", "IN", "OUT", "123", "10"], "zkey beacon: the beacon hash '123' has an odd number of hex digits (3)" },
        { ["zkey", "beacon", "IN", "OUT", new string('a', 512), "10"], "zkey beacon: the beacon hash is 256 bytes; at most 255" },
        { ["zkey", "beacon", "IN", "OUT", "0102", "9"], "zkey beacon: iterations-exp '9' is not a whole number from 10 to 63" },
        { ["zkey", "beacon", "IN", "OUT", "0102", "64"], "zkey beacon: iterations-exp '64' is not a whole number from 10 to 63" },
        { ["zkey", "beacon", "IN", "OUT", "0102", "12abc"], "zkey beacon: iterations-exp '12abc' is not a whole number from 10 to 63" },
        { ["zkey", "beacon", "IN", "OUT", "0102"], "zkey beacon: Required argument 'iterations-exp' missing" },
        { ["zkey", "contribute", "IN", "OUT", "--name", new string('n', 65)], "zkey contribute: --name is 65 characters long; a key keeps at most 64" },
        { ["zkey", "beacon", "IN", "OUT", "0102", "10", "-n", new string('n', 65)], "zkey beacon: --name is 65 characters long; a key keeps at most 64" },
        { ["zkey", "contribute", "/nonexistent/in.zkey", "OUT"], "/nonexistent/in.zkey: cannot be read (no such file)" },
        { ["zkey", "contribute", "IN", "/nonexistent/out.zkey"], "/nonexistent/out.zkey: cannot be written: the folder /nonexistent does not exist" },
        { ["zkey", "frobnicate"], "zkey: unknown command 'frobnicate'" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Bad_arguments_exit_2_naming_what_was_wrong_and_write_nothing(string[] arguments, string message)
    {
        string output = _dir.File("out.zkey");
        var result = await Run([.. arguments.Select(a => a == "IN" ? Key : a == "OUT" ? output : a)]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task A_file_that_is_not_a_groth16_bn254_key_exits_2_naming_the_file_and_the_problem()
    {
        string output = _dir.File("out.zkey");
        var r1cs = await Run("zkey", "contribute", HostProcess.Vector("multi", "circuit.r1cs"), output);
        Assert.Equal(2, r1cs.ExitCode);
        Assert.Contains("circuit.r1cs: magic is 'r1cs', expected 'zkey': not a .zkey file", r1cs.Stderr, StringComparison.Ordinal);

        byte[] plonk = File.ReadAllBytes(Key);
        Assert.Equal(1, plonk[24]); // section 1 comes first in snarkjs's layout: its body, the protocol id, at byte 24
        plonk[24] = 2;
        File.WriteAllBytes(_dir.File("plonk.zkey"), plonk);
        var protocol = await Run("zkey", "beacon", _dir.File("plonk.zkey"), output, "ab", "10");
        Assert.Equal(2, protocol.ExitCode);
        Assert.Contains("plonk.zkey: section 1: protocol id 2 (plonk) is not supported; expected 1 (groth16)", protocol.Stderr, StringComparison.Ordinal);

        byte[] truncated = File.ReadAllBytes(Key)[..^100];
        File.WriteAllBytes(_dir.File("truncated.zkey"), truncated);
        var cut = await Run("zkey", "contribute", _dir.File("truncated.zkey"), output);
        Assert.Equal(2, cut.ExitCode);
        Assert.Contains("truncated.zkey: section 10: length", cut.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(output + ".partial"));
    }
}
