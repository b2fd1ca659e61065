namespace CredentialHub.TestSupport;

/// <summary>
/// The pinned snarkjs (node_modules/snarkjs, installed by <c>npm ci</c> at the repository root) run by node as an
/// independent peer: <c>node node_modules/snarkjs/build/cli.cjs …</c>.
/// </summary>
public static class Snarkjs
{
    public static string Cli => Repository.Path("node_modules", "snarkjs", "build", "cli.cjs");

    /// <summary>Runs snarkjs with these arguments (5 minutes at most); fails the test when snarkjs is not installed.</summary>
    public static Task<ProcessResult> RunAsync(params string[] arguments) => RunAsync(arguments, null, TimeSpan.FromMinutes(5));

    public static Task<ProcessResult> RunAsync(IEnumerable<string> arguments, string? workingDirectory, TimeSpan timeout)
    {
        Assert.True(File.Exists(Cli), $"snarkjs is required for this test and is missing: {Cli} (run `npm ci` at the repository root)");
        return ExternalProcess.RunAsync("node", [Cli, .. arguments], workingDirectory, timeout: timeout, installHint: "install Node 20 (snarkjs runs on it)");
    }

    /// <summary>True when <c>snarkjs groth16 verify</c> prints OK for the files.</summary>
    public static async Task<bool> VerifiesAsync(string verificationKey, string publicSignals, string proof)
    {
        var result = await RunAsync("groth16", "verify", verificationKey, publicSignals, proof);
        return result.ExitCode == 0 && result.Output.Contains("OK!", StringComparison.Ordinal);
    }

    /// <summary>Runs <c>snarkjs groth16 verify</c> on the three documents (60 s at most); returns its exit code and output.</summary>
    public static async Task<ProcessResult> VerifyAsync(string verificationKeyJson, string publicSignalsJson, string proofJson)
    {
        using var directory = new TemporaryDirectory("credentialhub-snarkjs-");
        await File.WriteAllTextAsync(directory.File("vkey.json"), verificationKeyJson);
        await File.WriteAllTextAsync(directory.File("public.json"), publicSignalsJson);
        await File.WriteAllTextAsync(directory.File("proof.json"), proofJson);
        return await RunAsync(["groth16", "verify", "vkey.json", "public.json", "proof.json"], directory.Path, TimeSpan.FromSeconds(60));
    }
}
