namespace CredentialHub.Host.Tests;

/// <summary>`witness` and `fullprove` end to end: the .wtns equals snarkjs's; failures exit 1 or 2 with the cause named.</summary>
public class WitnessCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "credentialhub-witness-" + Guid.NewGuid().ToString("N"));

    public WitnessCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Temp(string name) => Path.Combine(_dir, name);

    [Theory]
    [InlineData("multi")]
    [InlineData("poseidon")]
    [InlineData("nopublic")]
    public async Task The_witness_is_byte_identical_to_snarkjs(string circuit)
    {
        var result = await HostProcess.RunAsync(["witness", HostProcess.Vector(circuit, "circuit.wasm"), HostProcess.Vector(circuit, "input.json"), Temp("w.wtns")]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(File.ReadAllBytes(HostProcess.Vector(circuit, "witness.wtns")), File.ReadAllBytes(Temp("w.wtns")));
    }

    [Fact]
    public async Task A_failing_assert_exits_1_with_circoms_message()
    {
        File.WriteAllText(Temp("in.json"), """{"commitment":"1","bound":"21","scope":"1","secret":"1","salt":"1","value":"21"}""");
        var result = await HostProcess.RunAsync(["witness", HostProcess.Vector("poseidon", "circuit.wasm"), Temp("in.json"), Temp("w.wtns")]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Assert Failed", result.Stderr);
        Assert.False(File.Exists(Temp("w.wtns")));
    }

    [Fact]
    public async Task An_unknown_input_exits_2_naming_the_file_and_signal()
    {
        File.WriteAllText(Temp("in.json"), """{"nope":"1"}""");
        var result = await HostProcess.RunAsync(["witness", HostProcess.Vector("poseidon", "circuit.wasm"), Temp("in.json"), Temp("w.wtns")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{Temp("in.json")}: nope: is not an input of this circuit", result.Stderr);
    }

    [Fact]
    public async Task A_file_that_is_not_webassembly_exits_2()
    {
        var result = await HostProcess.RunAsync(["witness", HostProcess.Vector("multi", "input.json"), HostProcess.Vector("multi", "input.json"), Temp("w.wtns")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("input.json", result.Stderr);
    }

    [Fact]
    public async Task Fullprove_makes_a_proof_our_verifier_accepts()
    {
        var result = await HostProcess.RunAsync(["fullprove", HostProcess.Vector("multi", "input2.json"), HostProcess.Vector("multi", "circuit.wasm"), HostProcess.Vector("multi", "circuit.zkey"), Temp("proof.json"), Temp("public.json"), "--verify"]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(File.ReadAllText(HostProcess.Vector("multi", "public2.json")), File.ReadAllText(Temp("public.json")));
        var verify = await HostProcess.RunAsync(["verify", HostProcess.Vector("multi", "verification_key.json"), Temp("public.json"), Temp("proof.json")]);
        Assert.Equal("OK", verify.Stdout.Trim());
    }
}
