namespace CredentialHub.Host.Tests;

/// <summary>`prove`, `setup` and `export-vkey` end to end through the plugin, with their exit codes.</summary>
public class ProveCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "credentialhub-prove-" + Guid.NewGuid().ToString("N"));

    public ProveCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Temp(string name) => Path.Combine(_dir, name);

    [Fact]
    public async Task Setup_export_prove_and_verify_round_trip()
    {
        string r1cs = HostProcess.Vector("poseidon", "circuit.r1cs");
        var setup = await HostProcess.RunAsync(["setup", r1cs, Temp("dev.zkey"), "--insecure-dev"]);
        Assert.True(setup.ExitCode == 0, setup.Stderr);
        Assert.Contains("WARNING", setup.Stderr);
        Assert.False(File.Exists(Temp("dev.zkey.partial")));

        var export = await HostProcess.RunAsync(["export-vkey", Temp("dev.zkey"), Temp("vk.json")]);
        Assert.True(export.ExitCode == 0, export.Stderr);

        var prove = await HostProcess.RunAsync(["prove", Temp("dev.zkey"), HostProcess.Vector("poseidon", "witness.wtns"), Temp("proof.json"), Temp("public.json"), "--r1cs", r1cs, "--verify"]);
        Assert.True(prove.ExitCode == 0, prove.Stderr);
        Assert.Equal(File.ReadAllText(HostProcess.Vector("poseidon", "public.json")), File.ReadAllText(Temp("public.json")));

        var verify = await HostProcess.RunAsync(["verify", Temp("vk.json"), Temp("public.json"), Temp("proof.json")]);
        Assert.Equal("OK", verify.Stdout.Trim());
    }

    [Fact]
    public async Task Setup_requires_the_insecure_dev_flag()
    {
        var result = await HostProcess.RunAsync(["setup", HostProcess.Vector("multi", "circuit.r1cs"), Temp("dev.zkey")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--insecure-dev", result.Stderr);
        Assert.False(File.Exists(Temp("dev.zkey")));
    }

    [Fact]
    public async Task A_witness_of_another_circuit_exits_1()
    {
        var result = await HostProcess.RunAsync(["prove", HostProcess.Vector("multi", "circuit.zkey"), HostProcess.Vector("poseidon", "witness.wtns"), Temp("p.json"), Temp("s.json")]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the proving key expects", result.Stderr);
        Assert.False(File.Exists(Temp("p.json")));
    }

    [Fact]
    public async Task A_truncated_zkey_exits_2_naming_the_file()
    {
        byte[] zkey = File.ReadAllBytes(HostProcess.Vector("multi", "circuit.zkey"));
        File.WriteAllBytes(Temp("cut.zkey"), zkey[..(zkey.Length / 2)]);
        var result = await HostProcess.RunAsync(["prove", Temp("cut.zkey"), HostProcess.Vector("multi", "witness.wtns"), Temp("p.json"), Temp("s.json")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(Temp("cut.zkey"), result.Stderr);
    }

    [Fact]
    public async Task A_file_of_the_wrong_kind_exits_2()
    {
        var result = await HostProcess.RunAsync(["prove", HostProcess.Vector("multi", "witness.wtns"), HostProcess.Vector("multi", "witness.wtns"), Temp("p.json"), Temp("s.json")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("witness.wtns", result.Stderr);
    }

    [Fact]
    public async Task Missing_arguments_exit_2()
    {
        Assert.Equal(2, (await HostProcess.RunAsync(["prove", "a.zkey"])).ExitCode);
        Assert.Equal(2, (await HostProcess.RunAsync(["export-vkey", "a.zkey"])).ExitCode);
        Assert.Equal(2, (await HostProcess.RunAsync(["prove", "a", "b", "c", "d", "--frobnicate"])).ExitCode);
    }
}
