namespace CredentialHub.Host.Tests;

/// <summary>`verify` exit codes and messages: 0 OK, 1 INVALID: reason, 2 unreadable input naming the file.</summary>
public class VerifyCommandTests
{
    private static Task<ProcessResult> Verify(string key, string publicSignals, string proof, IDictionary<string, string>? env = null) =>
        HostProcess.RunAsync(["verify", key, publicSignals, proof], env);

    [Theory]
    [InlineData("multi")]
    [InlineData("poseidon")]
    [InlineData("nopublic")]
    public async Task A_valid_snarkjs_proof_prints_OK_and_exits_0(string circuit)
    {
        var result = await Verify(HostProcess.Vector(circuit, "verification_key.json"), HostProcess.Vector(circuit, "public.json"), HostProcess.Vector(circuit, "proof.json"));
        Assert.Equal("OK", result.Stdout.Trim());
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task An_invalid_proof_prints_the_reason_and_exits_1()
    {
        var result = await Verify(HostProcess.Vector("multi", "verification_key.json"), HostProcess.Vector("multi", "public2.json"), HostProcess.Vector("multi", "proof.json"));
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("INVALID: the pairing equation", result.Stdout.Trim());
    }

    [Fact]
    public async Task A_missing_file_exits_2_and_names_it()
    {
        var result = await Verify(HostProcess.Vector("multi", "verification_key.json"), "/nonexistent/public.json", HostProcess.Vector("multi", "proof.json"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("/nonexistent/public.json: cannot be read", result.Stderr);
    }

    [Fact]
    public async Task A_malformed_proof_exits_2_and_names_the_file_and_field()
    {
        string bad = Path.GetTempFileName();
        await File.WriteAllTextAsync(bad, "{\"pi_a\": [\"1\", \"2\", \"1\"], \"pi_c\": []}");
        try
        {
            var result = await Verify(HostProcess.Vector("multi", "verification_key.json"), HostProcess.Vector("multi", "public.json"), bad);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"{bad}: $.pi_b: missing", result.Stderr);
        }
        finally
        {
            File.Delete(bad);
        }
    }

    [Fact]
    public async Task A_key_for_an_unknown_protocol_exits_2()
    {
        string key = Path.GetTempFileName();
        await File.WriteAllTextAsync(key, "{\"protocol\": \"plonk\", \"curve\": \"bn128\"}");
        try
        {
            var result = await Verify(key, HostProcess.Vector("multi", "public.json"), HostProcess.Vector("multi", "proof.json"));
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("no proof-system plugin handles protocol 'plonk'", result.Stderr);
        }
        finally
        {
            File.Delete(key);
        }
    }

    [Fact]
    public async Task Wrong_argument_count_and_unknown_verbs_exit_2()
    {
        Assert.Equal(2, (await HostProcess.RunAsync(["verify", "a.json"])).ExitCode);
        var unknown = await HostProcess.RunAsync(["frobnicate"]);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown command 'frobnicate'", unknown.Stderr);
    }

    [Fact]
    public async Task A_broken_plugin_is_skipped_with_a_warning_and_the_others_still_work()
    {
        string plugins = Path.Combine(Path.GetTempPath(), "credentialhub-plugins-" + Guid.NewGuid().ToString("N"));
        try
        {
            CopyDirectory(Path.Combine(HostProcess.HostDirectory, "plugins", "groth16-bn254"), Path.Combine(plugins, "groth16-bn254"));
            Directory.CreateDirectory(Path.Combine(plugins, "broken"));
            await File.WriteAllTextAsync(Path.Combine(plugins, "broken", "plugin.json"),
                $"{{\"id\": \"broken\", \"version\": \"1.0.0\", \"contract_version\": {ProofSystems.Contracts.ProofSystemContract.Version}, \"entry_assembly\": \"Missing.dll\", \"sha256\": \"0000000000000000000000000000000000000000000000000000000000000000\"}}");
            var result = await Verify(HostProcess.Vector("multi", "verification_key.json"), HostProcess.Vector("multi", "public.json"), HostProcess.Vector("multi", "proof.json"),
                new Dictionary<string, string> { ["PLUGINS_DIR"] = plugins });
            Assert.Equal(0, result.ExitCode);
            Assert.Contains("plugin 'broken' skipped: entry assembly Missing.dll is missing", result.Stderr);
        }
        finally
        {
            Directory.Delete(plugins, recursive: true);
        }
    }

    [Fact]
    public async Task Without_plugins_verification_is_refused_with_the_directory_named()
    {
        string empty = Path.Combine(Path.GetTempPath(), "credentialhub-noplugins-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(empty);
        try
        {
            var result = await Verify(HostProcess.Vector("multi", "verification_key.json"), HostProcess.Vector("multi", "public.json"), HostProcess.Vector("multi", "proof.json"),
                new Dictionary<string, string> { ["PLUGINS_DIR"] = empty });
            Assert.Equal(2, result.ExitCode);
            Assert.Contains(empty, result.Stderr);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
